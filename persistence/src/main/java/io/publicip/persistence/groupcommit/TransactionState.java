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
