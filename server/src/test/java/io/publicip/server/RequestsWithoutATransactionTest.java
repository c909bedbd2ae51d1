package io.publicip.server;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import io.publicip.contract.rpc.SignatureV1;
import io.publicip.persistence.groupcommit.GroupCommit;
import io.publicip.server.rpc.RpcCall;
import io.publicip.server.rpc.RpcHandler;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static io.publicip.server.TestHttp.field;
import static io.publicip.server.TestHttp.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request takes a database transaction only when it writes, and a writer's queue only when it
 * can share a commit: a request refused before any row is read and an action that only reads
 * pass neither through a group (group commit is asked for here; it runs on PostgreSQL, and stays
 * off on H2) nor through a transaction of their own.
 * Signed, each still spends its nonce (one autocommit INSERT), so that its replay is refused as a
 * replay.
 */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "publicip.signature.enabled", value = "true")
@Property(name = "publicip.group-commit.writers", value = "2")
@Property(name = "publicip.test.read-probe", value = "true")
class RequestsWithoutATransactionTest implements FreePort {

    @Value("${micronaut.server.port}")
    int apiPort;
    @Value("${publicip.operator.port}")
    int operatorPort;
    @Inject
    GroupCommit groupCommit;

    String keyId;
    String secret;

    @BeforeAll
    void key() throws Exception {
        HttpResponse<String> key = send("POST", operatorPort, "/v1/access-keys", "{}");
        keyId = field(key.body(), "accessKeyId");
        secret = field(key.body(), "secret");
    }

    @Test
    void aRequestRefusedBeforeAnyRowIsReadNeverReachesTheGroupCommit() throws Exception {
        long before = groupCommitted();
        String missingInstance = signed(Map.of("Action", "AllocatePublicIpAddress"));
        assertCode(400, "MissingParameter", send("GET", apiPort, "/?" + missingInstance, null));
        assertCode(400, "SignatureNonceUsed", send("GET", apiPort, "/?" + missingInstance, null));
        assertCode(404, "InvalidAction.NotFound", send("GET", apiPort, "/?" + signed(Map.of("Action", "NoSuchAction")), null));
        assertCode(400, "InvalidIpAddress.Malformed", send("GET", apiPort, "/?" + signed(Map.of("Action", "AllocatePublicIpAddress",
                "InstanceId", "i-any", "IpAddress", "not-an-address")), null));
        assertCode(400, "MissingParameter", send("GET", apiPort, "/?" + signed(Map.of("Action", "ReleasePublicIpAddress")), null));
        assertEquals(before, groupCommitted(), "no refusal before the database took a write transaction");

        // the contrast: a refusal after one read is a write's work, and goes through it
        assertCode(404, "InvalidInstanceId.NotFound", send("GET", apiPort, "/?" + signed(Map.of("Action", "AllocatePublicIpAddress",
                "InstanceId", "i-nobody-has")), null));
        assertEquals(before + 1, groupCommitted(), "a request that reads before it is refused runs as a write");
    }

    @Test
    void anActionThatOnlyReadsRunsOutsideAnyTransaction() throws Exception {
        long before = groupCommitted();
        String query = signed(Map.of("Action", ReadProbe.ACTION));
        HttpResponse<String> read = send("GET", apiPort, "/?" + query, null);
        assertEquals(200, read.statusCode(), read.body());
        assertTrue(read.body().contains("\"InTransaction\":false"), read.body());
        assertTrue(read.body().contains("\"Instances\":"), read.body());
        assertCode(400, "SignatureNonceUsed", send("GET", apiPort, "/?" + query, null));
        assertEquals(before, groupCommitted(), "a read took no write transaction");
    }

    /** Every request whose work ran as a write transaction: alone, or with group commit on, in a group. */
    private long groupCommitted() {
        return groupCommit.requestsSinceStart();
    }

    private static void assertCode(int status, String code, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, field(response.body(), "Code"), response.body());
    }

    private String signed(Map<String, String> action) {
        Map<String, String> parameters = new TreeMap<>(action);
        parameters.putAll(Map.of("Format", "JSON", "AccessKeyId", keyId, "SignatureMethod", SignatureV1.METHOD,
                "SignatureVersion", SignatureV1.VERSION, "SignatureNonce", UUID.randomUUID().toString(),
                "Timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
        parameters.put(SignatureV1.SIGNATURE, SignatureV1.sign(secret, SignatureV1.stringToSign("GET", parameters)));
        return SignatureV1.queryString(parameters);
    }

    /** A Describe-like action of this test's own: it only reads, and says whether it ran in a transaction. */
    @Singleton
    @Requires(property = "publicip.test.read-probe", value = "true")
    static class ReadProbe implements RpcHandler {

        static final String ACTION = "DescribeReadProbe";

        private final JdbcOperations jdbc;
        private final TransactionOperations<Connection> transactions;

        ReadProbe(JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
            this.jdbc = jdbc;
            this.transactions = transactions;
        }

        @Override
        public String action() {
            return ACTION;
        }

        @Override
        public boolean writes() {
            return false;
        }

        @Override
        public Object handle(RpcCall call) {
            long instances = jdbc.prepareStatement("SELECT COUNT(*) FROM instance", ps -> {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            return Map.of("RequestId", call.requestId(), "Instances", instances, "InTransaction", transactions.findTransactionStatus().isPresent());
        }
    }
}
