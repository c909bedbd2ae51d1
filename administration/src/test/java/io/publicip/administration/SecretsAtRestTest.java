package io.publicip.administration;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import io.publicip.persistence.accesskey.AccessKey;
import io.publicip.persistence.secrets.MasterKey;
import io.publicip.persistence.secrets.SecretUnreadableException;
import io.publicip.persistence.secrets.SecretsAtStartup;
import io.publicip.administration.accesskey.AccessKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets at rest on a real database: the suite's (H2, or PostgreSQL when
 * DATASOURCES_DEFAULT_URL names one), in a database (H2) or schema (PostgreSQL) of each test's
 * own, so that no encrypted row reaches the other tests. Each "start" is a whole application
 * context with its settings, as a restarted server would be.
 */
class SecretsAtRestTest {

    private static final String SECRET_1 = "FirstSecret-abcdefghijklmnopq1";
    private static final String SECRET_2 = "SecondSecret-abcdefghijklmnop2";

    private final List<ApplicationContext> started = new ArrayList<>();
    private String url;
    private String username;
    private String password;
    private String schema;

    @BeforeEach
    void databaseOfItsOwn() throws SQLException {
        String suiteUrl = System.getenv().getOrDefault("DATASOURCES_DEFAULT_URL", "");
        if (suiteUrl.startsWith("jdbc:postgresql:")) {
            username = System.getenv().getOrDefault("DATASOURCES_DEFAULT_USERNAME", "postgres");
            password = System.getenv().getOrDefault("DATASOURCES_DEFAULT_PASSWORD", "");
            schema = "secrets_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection connection = DriverManager.getConnection(suiteUrl, username, password);
                 Statement sql = connection.createStatement()) {
                sql.execute("CREATE SCHEMA " + schema);
            }
            String base = suiteUrl.replaceAll("([?&])currentSchema=[^&]*&?", "$1").replaceAll("[?&]$", "");
            url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        } else {
            username = "sa";
            password = "";
            url = "jdbc:h2:mem:secrets-" + UUID.randomUUID() + ";LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1";
        }
    }

    @AfterEach
    void dropIt() throws SQLException {
        started.forEach(ApplicationContext::close);
        try (Connection connection = DriverManager.getConnection(url, username, password);
             Statement sql = connection.createStatement()) {
            sql.execute(schema != null ? "DROP SCHEMA " + schema + " CASCADE" : "SHUTDOWN");
        }
    }

    private ApplicationContext start(String key, String previousKeys) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("datasources.default.url", url);
        properties.put("datasources.default.username", username);
        properties.put("datasources.default.password", password);
        properties.put("publicip.secrets.key", key == null ? "" : key);
        properties.put("publicip.secrets.previous-keys", previousKeys == null ? "" : previousKeys);
        ApplicationContext context = ApplicationContext.run(properties, "test");
        started.add(context);
        return context;
    }

    private void stop(ApplicationContext context) {
        context.close();
        started.remove(context);
    }

    private Map<String, String> rawRows() throws SQLException {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(url, username, password);
             Statement sql = connection.createStatement();
             ResultSet rs = sql.executeQuery("SELECT * FROM access_key ORDER BY access_key_id")) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int column = 1; column <= rs.getMetaData().getColumnCount(); column++) {
                    row.append(rs.getString(column)).append('|');
                }
                rows.put(rs.getString("access_key_id"), row.toString());
            }
        }
        return rows;
    }

    private static String keyId(String base64) {
        return MasterKey.parse(base64, "test").id();
    }

    private static String hmac(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void secretsRoundTripAndTheDatabaseHoldsNoUsableSecret() throws Exception {
        String key = randomKey();
        AccessKeys keys = start(key, null).getBean(AccessKeys.class);
        keys.create("LTAI-one", SECRET_1, true);
        AccessKey generated = keys.create(null, null, true);
        keys.put("LTAI-two", SECRET_2, true);

        assertEquals(SECRET_1, keys.find("LTAI-one").orElseThrow().secret());
        assertEquals(generated.secret(), keys.find(generated.accessKeyId()).orElseThrow().secret());
        assertEquals(SECRET_2, keys.find("LTAI-two").orElseThrow().secret());
        assertFalse(keys.find("LTAI-one").orElseThrow().toString().contains(SECRET_1));

        Map<String, String> dump = rawRows();
        assertEquals(3, dump.size());
        String everything = String.join("\n", dump.values());
        for (String secret : List.of(SECRET_1, SECRET_2, generated.secret())) {
            assertFalse(everything.contains(secret), "a secret in the database dump: " + everything);
        }
        dump.values().forEach(row -> assertTrue(row.contains("|enc:v1:" + keyId(key) + ":"), row));

        keys.put("LTAI-one", null, false);
        assertEquals(SECRET_1, keys.find("LTAI-one").orElseThrow().secret(), "a put without a secret keeps it, sealed anew");
        assertFalse(rawRows().get("LTAI-one").contains(SECRET_1));
    }

    @Test
    void aCiphertextCopiedOntoAnotherKeysRowDoesNotDecrypt() throws Exception {
        ApplicationContext context = start(randomKey(), null);
        AccessKeys keys = context.getBean(AccessKeys.class);
        keys.create("LTAI-one", SECRET_1, true);
        keys.create("LTAI-two", SECRET_2, true);
        JdbcOperations jdbc = context.getBean(JdbcOperations.class);
        @SuppressWarnings("unchecked")
        TransactionOperations<Connection> transactions = context.getBean(TransactionOperations.class);
        transactions.executeWrite(status -> jdbc.prepareStatement(
                "UPDATE access_key SET secret = (SELECT secret FROM access_key WHERE access_key_id = 'LTAI-one') WHERE access_key_id = 'LTAI-two'",
                ps -> ps.executeUpdate()));

        assertEquals(SECRET_1, keys.find("LTAI-one").orElseThrow().secret());
        SecretUnreadableException refused = assertThrows(SecretUnreadableException.class, () -> keys.find("LTAI-two"));
        assertTrue(refused.getMessage().contains("LTAI-two"), refused.getMessage());
        assertFalse(refused.getMessage().contains(SECRET_1));
    }

    @Test
    void rotationReencryptsEveryRowAndSignaturesStillVerify() throws Exception {
        String a = randomKey();
        String b = randomKey();
        ApplicationContext underA = start(a, null);
        underA.getBean(AccessKeys.class).create("LTAI-one", SECRET_1, true);
        underA.getBean(AccessKeys.class).create("LTAI-two", SECRET_2, false);
        rawRows().values().forEach(row -> assertTrue(row.contains("|enc:v1:" + keyId(a) + ":"), row));
        stop(underA);

        // two replicas restarting at once with the new key current and the old one previous
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<ApplicationContext> rotated = new ArrayList<>();
        try {
            List<Callable<ApplicationContext>> starts = List.of(() -> start(b, a), () -> start(b, a));
            for (Future<ApplicationContext> replica : pool.invokeAll(starts)) {
                rotated.add(replica.get());
            }
        } finally {
            pool.shutdownNow();
        }
        rawRows().values().forEach(row -> assertTrue(row.contains("|enc:v1:" + keyId(b) + ":"), row));
        for (ApplicationContext replica : rotated) {
            AccessKeys keys = replica.getBean(AccessKeys.class);
            String stringToSign = "GET&%2F&AccessKeyId%3DLTAI-one%26Action%3DAllocatePublicIpAddress";
            assertEquals(hmac(SECRET_1, stringToSign), hmac(keys.find("LTAI-one").orElseThrow().secret(), stringToSign));
            assertEquals(SECRET_2, keys.find("LTAI-two").orElseThrow().secret());
            assertFalse(keys.find("LTAI-two").orElseThrow().enabled());
            stop(replica);
        }

        // the previous key can go now; the old one alone no longer opens anything
        assertEquals(SECRET_1, start(b, null).getBean(AccessKeys.class).find("LTAI-one").orElseThrow().secret());
        stopAll();
        Exception refused = assertThrows(Exception.class, () -> start(a, null));
        assertTrue(rootMessage(refused).contains("publicip.secrets.key"), rootMessage(refused));
    }

    @Test
    void plaintextRowsAreEncryptedOnceAKeyIsSet() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(SecretsAtStartup.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        log.addAppender(warnings);
        ApplicationContext plain;
        try {
            plain = start(null, null);
        } finally {
            log.detachAppender(warnings);
        }
        assertTrue(warnings.list.stream().anyMatch(e -> e.getLevel() == Level.WARN
                && e.getFormattedMessage().contains("PLAINTEXT") && e.getFormattedMessage().contains("publicip.secrets.key")), warnings.list.toString());
        plain.getBean(AccessKeys.class).create("LTAI-legacy", SECRET_1, true);
        assertTrue(rawRows().get("LTAI-legacy").contains("|" + SECRET_1 + "|"), "no key: stored as given");
        stop(plain);

        String key = randomKey();
        AccessKeys keys = start(key, null).getBean(AccessKeys.class);
        String row = rawRows().get("LTAI-legacy");
        assertFalse(row.contains(SECRET_1), row);
        assertTrue(row.contains("|enc:v1:" + keyId(key) + ":"), row);
        assertEquals(SECRET_1, keys.find("LTAI-legacy").orElseThrow().secret());
    }

    @Test
    void turningEncryptionOnAcrossReplicas() throws Exception {
        String key = randomKey();
        start(null, null).getBean(AccessKeys.class).create("LTAI-legacy", SECRET_1, true);
        stopAll();
        // step 1: every replica learns the key as a previous one; nothing is encrypted yet
        ApplicationContext oldReplica = start(null, key);
        assertTrue(rawRows().get("LTAI-legacy").contains("|" + SECRET_1 + "|"));
        // step 2: one replica restarts with the key current; the other still reads every secret
        start(key, null);
        assertFalse(rawRows().get("LTAI-legacy").contains(SECRET_1));
        assertEquals(SECRET_1, oldReplica.getBean(AccessKeys.class).find("LTAI-legacy").orElseThrow().secret());
        stop(oldReplica);
        // a replica with the previous key only leaves the encrypted rows as they are
        start(null, key);
        assertTrue(rawRows().get("LTAI-legacy").contains("|enc:v1:" + keyId(key) + ":"));
    }

    @Test
    void aWrongOrMissingKeyStopsTheStartUpNamingTheSetting() throws Exception {
        start(randomKey(), null).getBean(AccessKeys.class).create("LTAI-one", SECRET_1, true);
        stopAll();
        for (String wrong : new String[] {randomKey(), null}) {
            Exception refused = assertThrows(Exception.class, () -> start(wrong, null));
            String message = rootMessage(refused);
            assertTrue(message.contains("publicip.secrets.key") && message.contains("LTAI-one"), message);
            assertFalse(message.contains(SECRET_1), message);
        }
    }

    private void stopAll() {
        new ArrayList<>(started).forEach(this::stop);
    }

    private static String rootMessage(Throwable thrown) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" / ");
        }
        return all.toString();
    }

    private static String randomKey() {
        byte[] raw = new byte[32];
        new java.security.SecureRandom().nextBytes(raw);
        return java.util.Base64.getEncoder().encodeToString(raw);
    }
}
