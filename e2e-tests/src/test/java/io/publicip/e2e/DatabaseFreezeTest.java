package io.publicip.e2e;

import io.publicip.launcher.FreePorts;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL stops answering without closing anything (the proxy to it freezes: packets dropped
 * silently, as a partitioned network does): a request is answered ServiceUnavailable within the
 * configured timeouts, readiness says DOWN within its own, on both ports nothing hangs; when the
 * network is back, requests succeed again without a restart.
 */
@ExtendWith(ContractOnTheWire.class)
class DatabaseFreezeTest {

    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(4);
    /** What a request may wait on a silent database: a connection, then one statement's answer. */
    static final Duration BOUND = CONNECTION_TIMEOUT.plus(SOCKET_TIMEOUT).plusSeconds(5);

    @Test
    void silentDatabaseGivesServiceUnavailableInBoundedTimeThenRecovers() throws Exception {
        Assumptions.assumeTrue(Deployment.targetsPackagedServer(), "needs the packaged server, not a deployment given by URL");
        Assumptions.assumeTrue(DatabaseOutageTest.postgresReachable(), "needs PostgreSQL on 127.0.0.1:5432");
        String schema = "freeze_" + System.currentTimeMillis();
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
            admin.createStatement().execute("CREATE SCHEMA " + schema);
        }
        int proxyPort = FreePorts.any();
        TcpProxy database = new TcpProxy(proxyPort, "127.0.0.1", 5432);
        database.start();
        Deployment server = Deployment.startPackaged("freeze", Map.of(
                "DATASOURCES_DEFAULT_URL", "jdbc:postgresql://127.0.0.1:" + proxyPort + "/test?currentSchema=" + schema,
                "DATASOURCES_DEFAULT_USERNAME", "postgres", "DATASOURCES_DEFAULT_PASSWORD", "",
                "DATASOURCES_DEFAULT_CONNECTION_TIMEOUT", String.valueOf(CONNECTION_TIMEOUT.toMillis()),
                "PUBLICIP_DATABASE_CONNECT_TIMEOUT", "2s",
                "PUBLICIP_DATABASE_SOCKET_TIMEOUT", SOCKET_TIMEOUT.toSeconds() + "s",
                "PUBLICIP_DATABASE_STATEMENT_TIMEOUT", "3s"));
        try {
            var suite = new ProtocolTest.E2eTestOn(server);
            assertEquals(200, DatabaseOutageTest.allocate(suite, "i-demo-running-01").statusCode());
            assertEquals(200, readiness(server).statusCode());

            database.freeze();
            for (String instance : List.of("i-demo-running-02", "i-demo-running-03", "i-demo-running-04")) {
                Instant asked = Instant.now();
                HttpResponse<String> down = DatabaseOutageTest.allocate(suite, instance);
                Duration took = Duration.between(asked, Instant.now());
                System.out.printf("frozen database: %s answered %d in %d ms%n", instance, down.statusCode(), took.toMillis());
                assertEquals(503, down.statusCode(), down.body());
                assertTrue(down.body().contains("\"Code\":\"ServiceUnavailable\""), down.body());
                assertTrue(took.compareTo(BOUND) < 0, "answered in " + took.toMillis() + " ms, bound " + BOUND.toMillis());
            }
            Instant asked = Instant.now();
            HttpResponse<String> operator = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.operatorUrl() + "/v1/allocations?pageSize=10")).timeout(BOUND).build(), HttpResponse.BodyHandlers.ofString());
            System.out.printf("frozen database: operator list answered %d in %d ms%n", operator.statusCode(), Duration.between(asked, Instant.now()).toMillis());
            assertEquals(503, operator.statusCode(), operator.body());

            for (int probe = 0; probe < 3; probe++) {
                asked = Instant.now();
                HttpResponse<String> ready = readiness(server);
                Duration took = Duration.between(asked, Instant.now());
                System.out.printf("frozen database: readiness answered %d in %d ms%n", ready.statusCode(), took.toMillis());
                assertEquals(503, ready.statusCode(), ready.body());
                assertTrue(ready.body().contains("DOWN"), ready.body());
                assertTrue(took.toMillis() < 4000, "a probe's answer within a few seconds, not " + took.toMillis() + " ms");
            }

            database.unfreeze();
            HttpResponse<String> back = null;
            Instant thawed = Instant.now();
            for (Instant deadline = Instant.now().plusSeconds(30); Instant.now().isBefore(deadline); Thread.sleep(500)) {
                back = DatabaseOutageTest.allocate(suite, "i-demo-running-05");
                if (back.statusCode() != 503) {
                    break;
                }
            }
            System.out.printf("thawed database: allocation %d after %d ms%n", back.statusCode(), Duration.between(thawed, Instant.now()).toMillis());
            assertEquals(200, back.statusCode(), back.body());
            assertEquals(200, readiness(server).statusCode(), "ready again");
        } finally {
            server.stop();
            database.close();
            try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
                admin.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    static HttpResponse<String> readiness(Deployment server) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.operatorUrl() + "/health/readiness"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
