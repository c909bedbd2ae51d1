package io.publicip.server;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import io.publicip.contract.rpc.SignatureV1;
import io.publicip.persistence.accesskey.NonceLedger;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

import static io.publicip.server.TestHttp.field;
import static io.publicip.server.TestHttp.send;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A signed allocation records its nonce in its own transaction. These are the paths the e2e
 * suite cannot reach without waiting 15 minutes: a nonce used longer ago than the window, still
 * in the table, spoils the allocation's transaction; the ledger forgets the old use, records
 * the new one, and the allocation then goes through; a replay of it is refused.
 */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "publicip.signature.enabled", value = "true")
class SignedAllocationNonceTest implements FreePort {

    @Value("${micronaut.server.port}")
    int apiPort;
    @Value("${publicip.operator.port}")
    int operatorPort;
    @Inject
    JdbcOperations jdbc;
    @Inject
    TransactionOperations<Connection> transactions;

    String keyId;
    String secret;

    @BeforeAll
    void poolInstancesAndKey() throws Exception {
        assertEquals(201, send("POST", operatorPort, "/v1/vlans", "{\"vlanId\":3901,\"regionId\":\"nonce-test\",\"cidrs\":[\"10.98.0.0/29\"]}").statusCode());
        for (String id : new String[]{"i-nonce-1", "i-nonce-2"}) {
            assertEquals(200, send("PUT", operatorPort, "/v1/instances/" + id, "{\"instanceId\":\"" + id + "\",\"regionId\":\"nonce-test\","
                    + "\"status\":\"Running\",\"networkType\":\"classic\",\"internetMaxBandwidthOut\":5,\"chargeType\":\"PostPaid\",\"inArrears\":false}")
                    .statusCode() / 100 * 100);
        }
        HttpResponse<String> key = send("POST", operatorPort, "/v1/access-keys", "{}");
        keyId = field(key.body(), "accessKeyId");
        secret = field(key.body(), "secret");
    }

    @Test
    void aNonceUsedBeforeTheWindowIsForgottenAndTheAllocationGoesThrough() throws Exception {
        Instant longAgo = Instant.now().minus(NonceLedger.WINDOW).minus(Duration.ofMinutes(5));
        transactions.executeWrite(status -> jdbc.prepareStatement("INSERT INTO signature_nonce (access_key_id, nonce, used_at) VALUES (?, ?, ?)", ps -> {
            ps.setString(1, keyId);
            ps.setString(2, "nonce-from-long-ago");
            ps.setTimestamp(3, Timestamp.from(longAgo));
            return ps.executeUpdate();
        }));

        String query = signedWithNonce("i-nonce-1", "nonce-from-long-ago");
        HttpResponse<String> allocated = send("GET", apiPort, "/?" + query, null);
        assertEquals(200, allocated.statusCode(), allocated.body());
        assertTrue(usedAt("nonce-from-long-ago").isAfter(Instant.now().minus(Duration.ofMinutes(1))), "the nonce's use is the new one");

        HttpResponse<String> replayed = send("GET", apiPort, "/?" + query, null);
        assertEquals(400, replayed.statusCode(), replayed.body());
        assertTrue(replayed.body().contains("\"Code\":\"SignatureNonceUsed\""), replayed.body());
    }

    @Test
    void aFreshNonceIsCommittedWithItsAllocation() throws Exception {
        HttpResponse<String> allocated = send("GET", apiPort, "/?" + signedWithNonce("i-nonce-2", "fresh-nonce"), null);
        assertEquals(200, allocated.statusCode(), allocated.body());
        assertNotNull(usedAt("fresh-nonce"));
        assertEquals(1L, (long) transactions.executeRead(status -> jdbc.prepareStatement(
                "SELECT COUNT(*) FROM allocation WHERE instance_id = 'i-nonce-2'", ps -> {
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                })));
    }

    private Instant usedAt(String nonce) {
        return transactions.executeRead(status -> jdbc.prepareStatement(
                "SELECT used_at FROM signature_nonce WHERE access_key_id = ? AND nonce = ?", ps -> {
                    ps.setString(1, keyId);
                    ps.setString(2, nonce);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getTimestamp(1).toInstant() : null;
                    }
                }));
    }

    /** A signed query for the instance with the given nonce (the official SDKs draw a fresh UUID). */
    private String signedWithNonce(String instanceId, String nonce) {
        Map<String, String> parameters = new TreeMap<>(Map.of("Action", "AllocatePublicIpAddress", "Format", "JSON", "InstanceId", instanceId,
                "AccessKeyId", keyId, "SignatureMethod", SignatureV1.METHOD, "SignatureVersion", SignatureV1.VERSION,
                "SignatureNonce", nonce, "Timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
        parameters.put(SignatureV1.SIGNATURE, SignatureV1.sign(secret, SignatureV1.stringToSign("GET", parameters)));
        return SignatureV1.queryString(parameters);
    }
}
