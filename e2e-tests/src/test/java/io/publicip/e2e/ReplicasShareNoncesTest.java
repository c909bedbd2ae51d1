package io.publicip.e2e;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two replicas on one PostgreSQL database: a nonce used on one is refused on the other. */
@ExtendWith(ContractOnTheWire.class)
class ReplicasShareNoncesTest {

    @Test
    void aNonceUsedOnOneReplicaIsRefusedOnTheOther() throws Exception {
        Assumptions.assumeTrue(Deployment.targetsPackagedServer(), "needs the packaged server, not a deployment given by URL");
        Assumptions.assumeTrue(DatabaseOutageTest.postgresReachable(), "needs PostgreSQL on 127.0.0.1:5432");
        String schema = "replicas_" + System.currentTimeMillis();
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
            admin.createStatement().execute("CREATE SCHEMA " + schema);
        }
        Map<String, String> database = Map.of(
                "DATASOURCES_DEFAULT_URL", "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema,
                "DATASOURCES_DEFAULT_USERNAME", "postgres", "DATASOURCES_DEFAULT_PASSWORD", "");
        Deployment a = Deployment.startPackaged("replica-a", database);
        Deployment b = Deployment.startPackaged("replica-b", database);
        try {
            E2eTest onA = new ProtocolTest.E2eTestOn(a);
            E2eTest onB = new ProtocolTest.E2eTestOn(b);
            String query = onA.signedQuery("GET", new TreeMap<>(Map.of("Action", E2eTest.ACTION, "Format", "JSON", "InstanceId", "i-demo-locked")));

            HttpResponse<String> first = onA.rawApi("GET", "/?" + query, null, null);
            assertTrue(first.body().contains("InstanceLockedForSecurity"), first.body());
            HttpResponse<String> replayed = onB.rawApi("GET", "/?" + query, null, null);
            assertEquals(400, replayed.statusCode(), replayed.body());
            assertTrue(replayed.body().contains("\"Code\":\"SignatureNonceUsed\""), replayed.body());
        } finally {
            a.stop();
            b.stop();
            try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
                admin.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
