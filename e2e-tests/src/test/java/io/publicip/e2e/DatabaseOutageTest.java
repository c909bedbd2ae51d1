package io.publicip.e2e;

import io.publicip.e2e.Reaches.Scheme;

import io.publicip.client.operator.model.Allocation;
import io.publicip.launcher.FreePorts;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL goes away under the server (its connections are cut): requests get
 * ServiceUnavailable within the pool timeout, never hang and never a 500, and readiness says the
 * database is down; when it is back, the server recovers without a restart and the pool is
 * consistent.
 */
@ExtendWith(ContractOnTheWire.class)
class DatabaseOutageTest {

    @Test
    @Reaches(value = "ServiceUnavailable", schemes = {Scheme.V1, Scheme.ACS3})
    void outageGivesServiceUnavailableThenRecovers() throws Exception {
        Assumptions.assumeTrue(Deployment.targetsPackagedServer(), "needs the packaged server, not a deployment given by URL");
        Assumptions.assumeTrue(postgresReachable(), "needs PostgreSQL on 127.0.0.1:5432");
        String schema = "outage_" + System.currentTimeMillis();
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
            admin.createStatement().execute("CREATE SCHEMA " + schema);
        }
        int proxyPort = FreePorts.any();
        TcpProxy database = new TcpProxy(proxyPort, "127.0.0.1", 5432);
        database.start();
        Deployment server = Deployment.startPackaged("outage", Map.of(
                "DATASOURCES_DEFAULT_URL", "jdbc:postgresql://127.0.0.1:" + proxyPort + "/test?currentSchema=" + schema,
                "DATASOURCES_DEFAULT_USERNAME", "postgres", "DATASOURCES_DEFAULT_PASSWORD", "",
                "DATASOURCES_DEFAULT_CONNECTION_TIMEOUT", "3000"));
        try {
            var suite = new ProtocolTest.E2eTestOn(server);
            assertEquals(200, allocate(suite, "i-demo-running-01").statusCode());

            assertEquals(200, readiness(server));

            database.cut();
            for (String instance : List.of("i-demo-running-02", "i-demo-running-03")) {
                Instant asked = Instant.now();
                // one request in each scheme: the nonce ledger is in the unreachable database too
                HttpResponse<String> down = instance.endsWith("02") ? allocate(suite, instance)
                        : suite.rawAcs3("GET", Map.of("InstanceId", instance, "Format", "JSON"),
                                suite.acs3Headers("GET", Map.of("InstanceId", instance, "Format", "JSON"), E2eTest.ACTION), null);
                assertEquals(503, down.statusCode(), down.body());
                assertTrue(down.body().contains("\"Code\":\"ServiceUnavailable\""), down.body());
                assertTrue(Duration.between(asked, Instant.now()).toSeconds() < 20, "answered within the pool timeout");
            }

            assertEquals(503, readiness(server), "readiness reports the database down");

            database.start();
            HttpResponse<String> back = null;
            for (Instant deadline = Instant.now().plusSeconds(30); Instant.now().isBefore(deadline); Thread.sleep(500)) {
                back = allocate(suite, "i-demo-running-02");
                if (back.statusCode() != 503) {
                    break;
                }
            }
            assertEquals(200, back.statusCode(), back.body());
            List<Allocation> held = suite.allocations.listAllocations(null, null, null, 1000, null).body().getAllocations();
            assertEquals(2, held.size(), "the two acknowledged allocations, nothing from the outage: " + held);
            assertEquals(2, new HashSet<>(held.stream().map(Allocation::getIpAddress).toList()).size());
        } finally {
            server.stop();
            database.close();
            try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
                admin.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    static int readiness(Deployment server) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.operatorUrl() + "/health/readiness")).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static HttpResponse<String> allocate(E2eTest suite, String instanceId) {
        String query = suite.signedQuery("GET", new TreeMap<>(Map.of("Action", E2eTest.ACTION, "Format", "JSON", "InstanceId", instanceId)));
        return suite.rawApi("GET", "/?" + query, null, null);
    }

    static boolean postgresReachable() {
        try (Socket socket = new Socket("127.0.0.1", 5432)) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
