package io.publicip.persistence.accesskey;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.publicip.persistence.secrets.SecretCipher;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Reads access keys for the signature checks; the operator's administration of them writes them. */
@Singleton
public class AccessKeyStore {

    private final JdbcOperations jdbc;
    private final SecretCipher cipher;

    public AccessKeyStore(JdbcOperations jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /**
     * One SELECT. Outside a transaction (every signed request asks) it runs on a connection of
     * its own in autocommit, since a transaction would add its commit; inside one, on its connection.
     */
    @Connectable
    public Optional<AccessKey> find(String accessKeyId) {
        return jdbc.prepareStatement("SELECT access_key_id, secret, enabled, created_at FROM access_key WHERE access_key_id = ?", ps -> {
            ps.setString(1, accessKeyId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs, cipher)) : Optional.empty();
            }
        });
    }

    /**
     * The key of a row of (access_key_id, secret, enabled, created_at), its secret decrypted: a
     * secret the master keys cannot decrypt is an error, never taken as the secret itself.
     */
    public static AccessKey read(ResultSet rs, SecretCipher cipher) throws SQLException {
        String id = rs.getString(1);
        return new AccessKey(id, cipher.open(id, rs.getString(2)), rs.getBoolean(3), rs.getTimestamp(4).toInstant());
    }
}
