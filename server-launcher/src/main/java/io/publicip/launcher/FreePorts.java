package io.publicip.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A TCP port nothing listens on now. Another process may still take it before it is bound. */
public final class FreePorts {

    private FreePorts() {
    }

    public static int any() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Two different free ports, for the public API and the operator API. */
    public static int[] two() {
        int first = any();
        int second = any();
        while (second == first) {
            second = any();
        }
        return new int[]{first, second};
    }
}
