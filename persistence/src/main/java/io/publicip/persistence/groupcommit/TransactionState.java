package io.publicip.persistence.groupcommit;

import org.postgresql.core.BaseConnection;

import java.sql.Connection;
import java.sql.SQLException;

/** What the connection knows of its transaction, without a round trip. */
final class TransactionState {

    private TransactionState() {
    }

    /**
     * On PostgreSQL, bounds how long a statement of this transaction waits for a lock: a group
     * that waits longer is likely in a deadlock with another group or write path, which
     * PostgreSQL would only find after {@code deadlock_timeout} (1 s by default) while every
     * request of the group waits; its requests run alone instead, with the usual bounds. H2 finds
     * a deadlock at once.
     */
    static void boundLockWaits(Connection connection, java.time.Duration timeout) {
        try {
            if (!timeout.isZero() && connection.isWrapperFor(BaseConnection.class)) {
                try (var statement = connection.createStatement()) {
                    statement.execute("SET LOCAL lock_timeout = " + timeout.toMillis());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not bound the group's lock waits", e);
        }
    }

    /**
     * Whether a rollback to a savepoint undoes exactly the work after it. Not on H2 (2.3.232): its
     * undo of a row is a decision that its MVMap may make twice (the decision restores the row
     * as a side effect, and is made again when a concurrent commit moves the undo log's root
     * version meanwhile); a row the rollback released can be written by another transaction
     * between the two, and the second restore then overwrites that write, committed or not. A
     * rollback to a savepoint releases rows while the transaction goes on, and every transaction
     * that waited for one of them then retries at once (H2 wakes its waiters for good once a
     * transaction has rolled back to a savepoint), so under group commit the window is met
     * often: block counts drifted within a minute of contended load. {@code H2RollbackTwiceTest}
     * shows it on H2's own transaction store.
     */
    static boolean savepointRollbackIsExact(Connection connection) {
        try {
            return !connection.isWrapperFor(org.h2.jdbc.JdbcConnection.class);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * PostgreSQL aborted the transaction (a statement failed, and no rollback to a savepoint has
     * undone it since): its commit would roll back without an error. H2 has no such state.
     */
    static boolean aborted(Connection connection) {
        try {
            if (connection.isWrapperFor(BaseConnection.class)) {
                return connection.unwrap(BaseConnection.class).getTransactionState() == org.postgresql.core.TransactionState.FAILED;
            }
            return false;
        } catch (SQLException e) {
            return true; // a connection that cannot say is not one to commit on
        }
    }
}
