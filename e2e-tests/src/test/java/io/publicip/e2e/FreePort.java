package io.publicip.e2e;

import io.micronaut.test.support.TestPropertyProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/** Runs the server on a free port and points the generated client at it. */
public interface FreePort extends TestPropertyProvider {

    @Override
    default Map<String, String> getProperties() {
        try (ServerSocket socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            return Map.of("micronaut.server.port", String.valueOf(port),
                    "micronaut.http.services.publicip.url", "http://localhost:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
