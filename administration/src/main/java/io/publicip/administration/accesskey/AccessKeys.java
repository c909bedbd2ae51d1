package io.publicip.administration.accesskey;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.publicip.administration.OperatorRejection;
import io.publicip.persistence.SqlErrors;
import io.publicip.persistence.accesskey.AccessKey;
import io.publicip.persistence.accesskey.AccessKeyStore;
import io.publicip.persistence.retry.RetriedTransaction;
import io.publicip.persistence.retry.TransactionRetry;
import io.publicip.persistence.secrets.SecretCipher;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operator's administration of access keys: created (with a generated secret unless one is
 * given), listed, enabled, disabled, deleted, with the rules their IDs and secrets obey. Secrets are stored as {@link SecretCipher} seals them (encrypted when a master key is
 * set) and decrypted as they are read.
 */
@Singleton
public class AccessKeys {

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcOperations jdbc;
    private final Clock clock;
    private final SecretCipher cipher;
    private final AccessKeyStore store;

    public AccessKeys(JdbcOperations jdbc, Clock clock, SecretCipher cipher, AccessKeyStore store) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cipher = cipher;
        this.store = store;
    }

    /** One key as stored now, its secret decrypted. */
    public Optional<AccessKey> find(String accessKeyId) {
        return store.find(accessKeyId);
    }

    @Transactional
    @RetriedTransaction // at SERIALIZABLE a read can be aborted too
    public List<AccessKey> list() {
        return jdbc.prepareStatement("SELECT access_key_id, secret, enabled, created_at FROM access_key ORDER BY access_key_id", ps -> {
            List<AccessKey> keys = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(AccessKeyStore.read(rs, cipher));
                }
            }
            return keys;
        });
    }

    /**
     * Creates a key; the ID and secret are generated when not given.
     *
     * @throws OperatorRejection CONFLICT when the ID exists, INVALID when a value is unusable
     */
    @Transactional
    @RetriedTransaction // at SERIALIZABLE a read can be aborted too
    public AccessKey create(@Nullable String accessKeyId, @Nullable String secret, boolean enabled) {
        String id = accessKeyId != null ? accessKeyId : "LTAI" + random(20);
        String key = secret != null ? secret : random(30);
        if (!id.matches("[A-Za-z0-9._-]{1,128}")) {
            throw OperatorRejection.invalid("an access key ID is 1-128 letters, digits, '.', '_' or '-'");
        }
        checkSecret(key);
        if (store.find(id).isPresent()) {
            throw OperatorRejection.conflict("access key " + id + " exists already");
        }
        try {
            return insert(id, key, enabled);
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                throw OperatorRejection.conflict("access key " + id + " exists already");
            }
            throw e;
        }
    }

    private AccessKey insert(String id, String key, boolean enabled) {
        AccessKey created = new AccessKey(id, key, enabled, clock.instant());
        jdbc.prepareStatement("INSERT INTO access_key (access_key_id, secret, enabled, created_at) VALUES (?, ?, ?, ?)", ps -> {
            ps.setString(1, created.accessKeyId());
            ps.setString(2, cipher.seal(created.accessKeyId(), created.secret()));
            ps.setBoolean(3, created.enabled());
            ps.setTimestamp(4, Timestamp.from(created.createdAt()));
            return ps.executeUpdate();
        });
        return created;
    }

    /** Creates the key or replaces its secret and state; a null secret keeps the current one (the key must exist then). */
    @Transactional
    @RetriedTransaction // at SERIALIZABLE a read can be aborted too
    public void put(String accessKeyId, @Nullable String secret, boolean enabled) {
        Optional<AccessKey> existing = store.find(accessKeyId);
        if (existing.isEmpty()) {
            if (secret == null) {
                throw OperatorRejection.invalid("access key " + accessKeyId + " does not exist, and the document gives no secret for it");
            }
            try {
                create(accessKeyId, secret, enabled);
            } catch (OperatorRejection exists) {
                if (exists.kind() == OperatorRejection.Kind.CONFLICT) {
                    // created meanwhile by a concurrent request: tried again, this becomes a replace
                    throw new TransactionRetry.ConcurrentCreate("access key " + accessKeyId, exists);
                }
                throw exists;
            }
            return;
        }
        String kept = secret != null ? secret : existing.get().secret();
        checkSecret(kept);
        jdbc.prepareStatement("UPDATE access_key SET secret = ?, enabled = ? WHERE access_key_id = ?", ps -> {
            ps.setString(1, cipher.seal(accessKeyId, kept));
            ps.setBoolean(2, enabled);
            ps.setString(3, accessKeyId);
            return ps.executeUpdate();
        });
    }

    @Transactional
    @RetriedTransaction // at SERIALIZABLE a read can be aborted too
    public AccessKey setEnabled(String accessKeyId, boolean enabled) {
        int changed = jdbc.prepareStatement("UPDATE access_key SET enabled = ? WHERE access_key_id = ?", ps -> {
            ps.setBoolean(1, enabled);
            ps.setString(2, accessKeyId);
            return ps.executeUpdate();
        });
        if (changed == 0) {
            throw OperatorRejection.notFound("no access key " + accessKeyId);
        }
        return store.find(accessKeyId).orElseThrow();
    }

    @Transactional
    @RetriedTransaction // at SERIALIZABLE a read can be aborted too
    public void delete(String accessKeyId) {
        int changed = jdbc.prepareStatement("DELETE FROM access_key WHERE access_key_id = ?", ps -> {
            ps.setString(1, accessKeyId);
            return ps.executeUpdate();
        });
        if (changed == 0) {
            throw OperatorRejection.notFound("no access key " + accessKeyId);
        }
    }

    private static void checkSecret(String secret) {
        if (secret.length() < 8 || secret.length() > 256) {
            throw OperatorRejection.invalid("an access key secret is 8-256 characters");
        }
        if (secret.startsWith(SecretCipher.PREFIX)) {
            throw OperatorRejection.invalid("an access key secret does not begin with '" + SecretCipher.PREFIX + "' (that marks an encrypted one in the database)");
        }
    }

    private static String random(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return text.toString();
    }
}
