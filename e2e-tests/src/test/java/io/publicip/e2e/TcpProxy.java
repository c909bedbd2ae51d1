package io.publicip.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder the test can cut and restore (a database outage without stopping the
 * database), or freeze and thaw: frozen, it forwards nothing in either direction, resets nothing
 * and accepts new connections without answering on them, as a network dropping packets silently
 * does.
 */
final class TcpProxy implements AutoCloseable {

    private final int port;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;
    private final Object thaw = new Object();
    private volatile boolean frozen;

    TcpProxy(int port, String targetHost, int targetPort) {
        this.port = port;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    int port() {
        return port;
    }

    synchronized void start() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress("127.0.0.1", port));
        listener = socket;
        Thread accept = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Socket server = new Socket(targetHost, targetPort);
                    open.add(client);
                    open.add(server);
                    pump(client, server);
                    pump(server, client);
                } catch (IOException closed) {
                    return;
                }
            }
        }, "proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** Cuts every connection and refuses new ones. */
    synchronized void cut() throws IOException {
        if (listener != null) {
            listener.close();
        }
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
    }

    /** Stops forwarding bytes, both ways, on every connection, open or new; closes nothing. */
    void freeze() {
        frozen = true;
    }

    /** Forwards again what waited and what comes. */
    void unfreeze() {
        synchronized (thaw) {
            frozen = false;
            thaw.notifyAll();
        }
    }

    @Override
    public void close() throws IOException {
        unfreeze();
        cut();
    }

    private void awaitThaw() throws IOException {
        synchronized (thaw) {
            while (frozen) {
                try {
                    thaw.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while frozen", e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[8192];
                for (int n; ; ) {
                    awaitThaw();
                    n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    awaitThaw(); // what was read while freezing waits too
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ended) {
                // one side closed
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }, "proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }
}
