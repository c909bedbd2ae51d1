package io.publicip.persistence.groupcommit;

import org.postgresql.core.BaseConnection;

import java.sql.Connection;
import java.sql.SQLException;

/** What the connection knows of its transaction, without a round trip. */
final class TransactionState {

    private TransactionState() {
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
