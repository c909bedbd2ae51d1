package io.publicip.e2e;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * SIGTERM while a request is in flight: during the notice period a new request is answered
 * ServiceUnavailable (never started) and readiness is down; that request finishes with its
 * allocation; then the port closes, the database pool closes after the request in flight, and
 * the process ends.
 */
class GracefulShutdownTest {

    @Test
    void inFlightFinishesNewOnesAreRefused() throws Exception {
        Assumptions.assumeTrue(Deployment.targetsPackagedServer(), "needs a server of its own to stop");
        Deployment server = Deployment.startPackaged("shutdown", Map.of("PUBLICIP_SIGNATURE_ENABLED", "false", "PUBLICIP_SHUTDOWN_NOTICE_PERIOD", "3s"));
        try {
            var suite = new ProtocolTest.E2eTestOn(server);
            // the allocation in flight: held inside its transaction by a slow gateway for 3 s
            assertEquals(201, suite.rawOperator("POST", "/v1/gateway-faults",
                    "{\"times\":1,\"latencyMs\":3000,\"instanceId\":\"i-demo-running-05\"}").statusCode());
            URI api = URI.create(server.apiUrl());
            try (Socket open = new Socket(api.getHost(), api.getPort())) {
                // a kept-alive connection, opened before the shutdown
                assertTrue(exchange(open, api, "i-no-such-instance").startsWith("HTTP/1.1 404"));

                CompletableFuture<HttpResponse<String>> inFlight = HttpClient.newHttpClient().sendAsync(
                        HttpRequest.newBuilder(URI.create(server.apiUrl() + "/?Action=AllocatePublicIpAddress&Format=JSON&InstanceId=i-demo-running-05")).build(),
                        HttpResponse.BodyHandlers.ofString());
                Thread.sleep(1000);
                CompletableFuture<Process> exited = server.terminate();
                Thread.sleep(500);

                // the notice period: the ports stay open, a new request on a new connection is
                // answered ServiceUnavailable (never started, never a 500), readiness is down
                String late = exchangeOrRefused(api);
                assertTrue(late.startsWith("HTTP/1.1 503") && late.contains("\"Code\":\"ServiceUnavailable\""), late);
                HttpResponse<String> readiness = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(server.operatorUrl() + "/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(503, readiness.statusCode(), readiness.body());
                assertTrue(readiness.body().contains("\"draining\""), readiness.body());
                HttpResponse<String> operator = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(server.operatorUrl() + "/v1/vlans")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(503, operator.statusCode(), "the operator API too: " + operator.body());
                HttpResponse<String> finished = inFlight.get(20, TimeUnit.SECONDS);
                assertEquals(200, finished.statusCode(), finished.body());
                assertTrue(finished.body().contains("\"IpAddress\""), finished.body());

                exited.get(30, TimeUnit.SECONDS);
                assertThrows(ConnectException.class, () -> new Socket(api.getHost(), api.getPort()).close(), "then the port is closed");
            }
            String log = Files.readString(server.log());
            assertTrue(log.contains("publicip is shutting down"), "the shutdown is logged");
            assertTrue(log.contains("Shutdown completed"), "the database pool closed: " + log.substring(Math.max(0, log.length() - 2000)));
        } finally {
            server.stop();
        }
    }

    private static String exchangeOrRefused(URI api) throws Exception {
        try (Socket fresh = new Socket(api.getHost(), api.getPort())) {
            String answer = exchange(fresh, api, "i-demo-running-02");
            return answer.isBlank() ? "refused" : answer;
        } catch (java.net.SocketException refused) {
            return "refused";
        }
    }

    /** One request on the open connection; the status line, headers and body as text. */
    private static String exchange(Socket socket, URI api, String instanceId) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /?Action=AllocatePublicIpAddress&Format=JSON&InstanceId=" + instanceId + " HTTP/1.1\r\nHost: "
                + api.getHost() + ":" + api.getPort() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder answer = new StringBuilder();
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            answer.append(line).append('\n');
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        char[] body = new char[length];
        int read = 0;
        while (read < length) {
            int n = in.read(body, read, length - read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        return answer.append('\n').append(body, 0, read).toString();
    }
}
