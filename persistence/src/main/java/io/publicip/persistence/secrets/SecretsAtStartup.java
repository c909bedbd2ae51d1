package io.publicip.persistence.secrets;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import io.publicip.persistence.retry.TransactionRetry;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * At start-up, before the server takes requests: says loudly when secrets are stored in
 * plaintext; refuses to start when a stored secret does not decrypt with the configured master
 * keys (a missing or wrong key); and re-encrypts with the current key every secret that is not
 * under it (plaintext rows from before a key was set, rows under a previous key).
 *
 * <p>The re-encryption is one transaction that locks the rows it reads, in key order, then
 * rewrites those still not current: replicas starting at once queue on the locks, and the later
 * ones find nothing left to do. Requests keep being served meanwhile (reads take no row lock,
 * and every row decrypts before and after).
 */
@Context
public class SecretsAtStartup {

    private static final Logger LOG = LoggerFactory.getLogger(SecretsAtStartup.class);

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final SecretCipher cipher;
    private final TransactionRetry retry;

    public SecretsAtStartup(JdbcOperations jdbc, TransactionOperations<Connection> transactions, SecretCipher cipher,
                            TransactionRetry retry) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.cipher = cipher;
        this.retry = retry;
    }

    @PostConstruct
    void checkAndReencrypt() {
        if (!cipher.encrypts()) {
            LOG.warn("Access key secrets are stored in PLAINTEXT: no current master key is set ({} or {}, environment variable "
                    + "PUBLICIP_SECRETS_KEY or PUBLICIP_SECRETS_KEY_FILE: the base64 of 32 random bytes). "
                    + "Fine for a demo or tests, not for production.", SecretsConfiguration.KEY, SecretsConfiguration.KEY_FILE);
        }
        Map<String, String> stored;
        try {
            stored = transactions.executeRead(status -> readAll(false));
        } catch (DataAccessException e) {
            LOG.warn("Access key secrets not checked at start-up: the access_key table cannot be read yet ({})", e.getMessage());
            return;
        }
        check(stored);
        if (!cipher.encrypts() || stored.values().stream().allMatch(cipher::isCurrent)) {
            return;
        }
        // replicas starting together: at SERIALIZABLE the database may abort all but one
        int rewritten = retry.run(() -> transactions.executeWrite(status -> reencrypt()));
        if (rewritten > 0) {
            LOG.info("Re-encrypted the secrets of {} access keys with master key {}", rewritten, cipher.currentKeyId());
        }
    }

    /** Rewrites, under the rows' locks, every secret not under the current key; returns how many. */
    int reencrypt() {
        Map<String, String> locked = readAll(true);
        check(locked);
        int rewritten = 0;
        for (Map.Entry<String, String> row : locked.entrySet()) {
            if (cipher.isCurrent(row.getValue())) {
                continue;
            }
            String sealed = cipher.seal(row.getKey(), cipher.open(row.getKey(), row.getValue()));
            rewritten += jdbc.prepareStatement("UPDATE access_key SET secret = ? WHERE access_key_id = ?", ps -> {
                ps.setString(1, sealed);
                ps.setString(2, row.getKey());
                return ps.executeUpdate();
            });
        }
        return rewritten;
    }

    /** Every stored secret must decrypt; otherwise the start-up stops, naming the keys and the settings (never a secret). */
    private void check(Map<String, String> stored) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> row : stored.entrySet()) {
            try {
                cipher.open(row.getKey(), row.getValue());
            } catch (SecretUnreadableException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems.size() + " access key secret(s) in the database cannot be decrypted with the "
                    + "configured master keys; set the key that encrypted them as " + SecretsConfiguration.KEY + " (PUBLICIP_SECRETS_KEY) or "
                    + SecretsConfiguration.PREVIOUS_KEYS + " (PUBLICIP_SECRETS_PREVIOUS_KEYS). "
                    + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
                    + (problems.size() > 5 ? "; and " + (problems.size() - 5) + " more" : ""));
        }
    }

    private Map<String, String> readAll(boolean forUpdate) {
        String sql = "SELECT access_key_id, secret FROM access_key ORDER BY access_key_id" + (forUpdate ? " FOR UPDATE" : "");
        return jdbc.prepareStatement(sql, ps -> {
            Map<String, String> rows = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getString(2));
                }
            }
            return rows;
        });
    }
}
