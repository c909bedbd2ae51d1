package io.publicip.e2e;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow clients (slowloris): many connections send the start of a request and then one byte at a
 * time, never finishing the headers. Each gets 408 and is closed once the request header timeout
 * has passed, on both ports, while a normal request is served as usual meanwhile; an idle
 * connection is closed after the idle timeout. The number of slow connections is
 * {@code -Dpublicip.e2e.slow-clients} (200 unless given).
 */
class SlowClientsTest {

    static final Duration HEADER_TIMEOUT = Duration.ofSeconds(3);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(6);
    static final Duration MARGIN = Duration.ofSeconds(5);

    @Test
    void slowHeadersAreCutWith408WhileOthersAreServed() throws Exception {
        Assumptions.assumeTrue(Deployment.targetsPackagedServer(), "needs its own packaged server, with a short header timeout");
        int count = Integer.getInteger("publicip.e2e.slow-clients", 200);
        Deployment server = Deployment.startPackaged("slow-clients", Map.of(
                "PUBLICIP_HTTP_REQUEST_HEADER_TIMEOUT", HEADER_TIMEOUT.toSeconds() + "s",
                "PUBLICIP_HTTP_IDLE_TIMEOUT", IDLE_TIMEOUT.toSeconds() + "s"));
        List<Slow> slow = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            URI api = URI.create(server.apiUrl());
            URI operator = URI.create(server.operatorUrl());
            for (int i = 0; i < count; i++) {
                URI port = i % 2 == 0 ? api : operator; // both ports
                SocketChannel channel = SocketChannel.open(new InetSocketAddress(port.getHost(), port.getPort()));
                channel.configureBlocking(false);
                Slow client = new Slow(channel, System.nanoTime());
                channel.register(selector, SelectionKey.OP_READ, client);
                client.send("GET /?Action=AllocatePublicIpAddress HTTP/1.1\r\nHost: " + port.getAuthority() + "\r\nX-Slow: ");
                slow.add(client);
            }
            // an idle connection: nothing sent, closed by the idle timeout (no 408: no request began)
            SocketChannel idle = SocketChannel.open(new InetSocketAddress(api.getHost(), api.getPort()));
            long idleSince = System.nanoTime();
            idle.configureBlocking(false);
            Slow idleClient = new Slow(idle, idleSince);
            idle.register(selector, SelectionKey.OP_READ, idleClient);

            // meanwhile, a normal client is served as usual: a signed request that goes through the
            // rules to the database, for an instance no run has (on a database shared with the
            // suite's other servers, the demo instances may hold addresses already)
            var suite = new ProtocolTest.E2eTestOn(server);
            CompletableFuture<long[]> normal = CompletableFuture.supplyAsync(() -> {
                long started = System.nanoTime();
                HttpResponse<String> answer = DatabaseOutageTest.allocate(suite, "i-slow-clients-" + System.nanoTime());
                long status = answer.body().contains("\"Code\":\"InvalidInstanceId.NotFound\"") ? answer.statusCode() : -answer.statusCode();
                return new long[]{status, (System.nanoTime() - started) / 1_000_000};
            });

            long deadline = System.nanoTime() + HEADER_TIMEOUT.plus(MARGIN).toNanos() + IDLE_TIMEOUT.toNanos();
            long nextTrickle = System.nanoTime();
            while (System.nanoTime() < deadline && (slow.stream().anyMatch(s -> s.cutAfterMillis < 0) || idleClient.cutAfterMillis < 0)) {
                if (System.nanoTime() >= nextTrickle) {
                    for (Slow client : slow) {
                        if (client.cutAfterMillis < 0) {
                            client.send("a"); // never idle: a byte every half second
                        }
                    }
                    nextTrickle = System.nanoTime() + 500_000_000L;
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    ((Slow) key.attachment()).read();
                }
                selector.selectedKeys().clear();
            }

            long[] served = normal.get();
            System.out.printf("slow clients: a normal request during %d slow connections answered %d in %d ms%n", count, served[0], served[1]);
            assertEquals(404, served[0], "the normal request is served: InvalidInstanceId.NotFound, from the rules");
            assertTrue(served[1] < 5000, "and promptly: " + served[1] + " ms");

            long[] cut = slow.stream().mapToLong(s -> s.cutAfterMillis).sorted().toArray();
            long with408 = slow.stream().filter(s -> s.answer.startsWith("HTTP/1.1 408")).count();
            System.out.printf("slow clients: %d connections, %d answered 408, cut after %d ms (min) %d (median) %d (max); idle connection closed after %d ms%n",
                    count, with408, cut[0], cut[cut.length / 2], cut[cut.length - 1], idleClient.cutAfterMillis);
            for (Slow client : slow) {
                assertTrue(client.cutAfterMillis >= 0, "every slow connection is cut: " + client.answer);
                assertTrue(client.cutAfterMillis >= HEADER_TIMEOUT.toMillis() - 200, "not before the header timeout: " + client.cutAfterMillis);
                assertTrue(client.cutAfterMillis < HEADER_TIMEOUT.plus(MARGIN).toMillis(), "within header timeout + margin: " + client.cutAfterMillis);
                assertTrue(client.answer.isEmpty() || client.answer.startsWith("HTTP/1.1 408 Request Timeout"), client.answer);
            }
            assertTrue(with408 > count / 2, "most get the 408 itself before the close: " + with408);
            assertTrue(idleClient.cutAfterMillis >= IDLE_TIMEOUT.toMillis() - 1000
                    && idleClient.cutAfterMillis < IDLE_TIMEOUT.plus(MARGIN).toMillis(), "idle closed after " + idleClient.cutAfterMillis);
            assertEquals("", idleClient.answer, "an idle connection is closed without an answer");
        } finally {
            for (Slow client : slow) {
                client.channel.close();
            }
            server.stop();
        }
    }

    /** One connection, non-blocking: what it was answered, and when it was closed (ms after its first byte, -1 while open). */
    private static final class Slow {
        final SocketChannel channel;
        final long started;
        String answer = "";
        long cutAfterMillis = -1;

        Slow(SocketChannel channel, long started) {
            this.channel = channel;
            this.started = started;
        }

        void send(String text) {
            try {
                channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
            } catch (IOException closed) {
                cut();
            }
        }

        void read() {
            ByteBuffer buffer = ByteBuffer.allocate(1024);
            try {
                int n = channel.read(buffer);
                if (n > 0) {
                    answer += new String(buffer.array(), 0, n, StandardCharsets.US_ASCII);
                } else if (n < 0) {
                    cut();
                }
            } catch (IOException reset) {
                cut();
            }
        }

        private void cut() {
            if (cutAfterMillis < 0) {
                cutAfterMillis = (System.nanoTime() - started) / 1_000_000;
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closed anyway
                }
            }
        }
    }
}
