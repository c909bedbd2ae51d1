package io.publicip.persistence.accesskey;

import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import io.publicip.persistence.SqlErrors;
import io.publicip.persistence.groupcommit.GroupCommit;
import io.publicip.persistence.retry.TransactionRetry;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Signature nonces of the last 30 minutes. A nonce is accepted once per key in that window:
 * the primary key of {@code signature_nonce} decides, so replicas sharing the database agree.
 * A request's time may be 15 minutes either side of the server's clock, so a captured request
 * stays acceptable for up to 30 minutes after it was first sent: its nonce is kept that long.
 */
@Singleton
public class NonceLedger {

    public static final Duration WINDOW = Duration.ofMinutes(30);

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final ConnectionOperations<Connection> connections;
    private final Clock clock;
    private final TransactionRetry retry;
    private final GroupCommit groupCommit;

    public NonceLedger(JdbcOperations jdbc, TransactionOperations<Connection> transactions, ConnectionOperations<Connection> connections,
                       Clock clock, TransactionRetry retry, GroupCommit groupCommit) {
        this.retry = retry;
        this.groupCommit = groupCommit;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.connections = connections;
        this.clock = clock;
    }

    /**
     * Records the nonce; false when the key used it already within the window. A fresh nonce
     * costs one INSERT in autocommit (one round trip); only a nonce seen before pays for a
     * transaction, which forgets the earlier use if it is older than the window and tries again.
     */
    public boolean firstUse(String accessKeyId, String nonce) {
        Instant now = clock.instant();
        if (connections.executeWrite(connection -> record(accessKeyId, nonce, now))) {
            return true;
        }
        try {
            // at SERIALIZABLE, two forgetting the same expired use at once abort one: tried again,
            // it finds the other's new use
            return retry.run(() -> transactions.executeWrite(status -> {
                int forgotten = jdbc.prepareStatement("DELETE FROM signature_nonce WHERE access_key_id = ? AND nonce = ? AND used_at < ?", ps -> {
                    ps.setString(1, accessKeyId);
                    ps.setString(2, nonce);
                    ps.setTimestamp(3, Timestamp.from(now.minus(WINDOW)));
                    return ps.executeUpdate();
                });
                return forgotten > 0 && insert(accessKeyId, nonce, now) == 1;
            }));
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                return false; // another request used the expired nonce again first
            }
            throw e;
        }
    }

    /** The key used the nonce within the window: the request is a replay. */
    public static final class NonceUsed extends RuntimeException {
        NonceUsed() {
            super("signature nonce used already", null, false, false);
        }
    }

    /**
     * Records the nonce and runs the request's work in one transaction, so that a signed write
     * costs one commit, not two. A nonce the key has a row for spoils that transaction (PostgreSQL
     * aborts it on the unique violation); it is rolled back, {@link #firstUse} tells a replay
     * from a use older than the window, and the work then runs by itself. Work that fails takes
     * the nonce down with it, so the nonce is then recorded without it (in the same group
     * transaction under group commit, after a rollback to the request's savepoint; else in a
     * transaction of its own): a replay of a refused request is refused as a replay, not answered
     * anew.
     *
     * @throws NonceUsed when the key used the nonce within the window; the work did not run
     */
    public <T> T recordWith(String accessKeyId, String nonce, Supplier<T> work) {
        Supplier<T> recordedWork = () -> {
            if (!record(accessKeyId, nonce, clock.instant())) {
                throw new SeenBefore();
            }
            return work.get();
        };
        // under group commit, a refused request's nonce is written alone in its group's
        // transaction, after the refusal's rollback to its savepoint
        boolean[] recordedAfterRefusal = {false};
        try {
            return groupCommit.run(recordedWork,
                    refused -> {
                        if (!(refused instanceof SeenBefore) && !SqlErrors.isUnavailable(refused) && record(accessKeyId, nonce, clock.instant())) {
                            recordedAfterRefusal[0] = true;
                        }
                    },
                    () -> {
                        recordedAfterRefusal[0] = false; // the group that wrote it did not commit
                        return retry.run(() -> transactions.executeWrite(status -> recordedWork.get()));
                    });
        } catch (SeenBefore seen) {
            if (!firstUse(accessKeyId, nonce)) {
                throw new NonceUsed();
            }
            return groupCommit.inTransaction(work);
        } catch (RuntimeException refused) {
            if (!recordedAfterRefusal[0]) {
                recordAfterFailure(accessKeyId, nonce, refused);
            }
            throw refused;
        }
    }

    private void recordAfterFailure(String accessKeyId, String nonce, RuntimeException failure) {
        if (SqlErrors.isUnavailable(failure)) {
            // the database did not answer, or aborted the transaction on every try: another
            // attempt would fare no better now, and the request changed nothing, so its replay
            // is only a retry
            return;
        }
        try {
            firstUse(accessKeyId, nonce);
            // false: a replay sent while this request failed got the nonce; either way it is
            // used, and the request that came first keeps its own answer
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Rolls back the transaction of a nonce the key has a row for. */
    private static final class SeenBefore extends RuntimeException {
        SeenBefore() {
            super(null, null, false, false);
        }
    }

    /** One INSERT (committed by itself in autocommit, or with the caller's transaction); false when the key refused it. */
    private boolean record(String accessKeyId, String nonce, Instant now) {
        try {
            insert(accessKeyId, nonce, now);
            return true;
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    private int insert(String accessKeyId, String nonce, Instant now) {
        return jdbc.prepareStatement("INSERT INTO signature_nonce (access_key_id, nonce, used_at) VALUES (?, ?, ?)", ps -> {
            ps.setString(1, accessKeyId);
            ps.setString(2, nonce);
            ps.setTimestamp(3, Timestamp.from(now));
            return ps.executeUpdate();
        });
    }

    /** Forgets nonces older than the window, so that the table stays small. */
    @Scheduled(fixedDelay = "1m", initialDelay = "1m")
    void forgetOldNonces() {
        transactions.executeWrite(status -> jdbc.prepareStatement("DELETE FROM signature_nonce WHERE used_at < ?", ps -> {
            ps.setTimestamp(1, Timestamp.from(clock.instant().minus(WINDOW)));
            return ps.executeUpdate();
        }));
    }
}
