package io.publicip.persistence;

import java.sql.SQLException;

/** Reads what a database refused from an exception, the same way on H2 and PostgreSQL. */
public final class SqlErrors {

    private SqlErrors() {
    }

    /** A foreign key refused the write: SQLState 23503 (PostgreSQL, H2 for a child row) or 23506 (H2, parent missing). */
    public static boolean isForeignKeyViolation(Throwable failure) {
        return hasState(failure, "23503") || hasState(failure, "23506");
    }

    /** SQLState 23505: a unique or primary key refused the write. */
    public static boolean isUniqueViolation(Throwable failure) {
        return hasState(failure, "23505");
    }

    /** The failure came from the database (an SQL error, whatever its kind), not from a rule. */
    public static boolean fromDatabase(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException || t instanceof io.micronaut.data.exceptions.DataAccessException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The database could not answer, and the client may try again: no connection within the
     * pool's timeout, a connection lost or silent past the socket timeout (SQLState class 08, a
     * socket timeout), a statement cancelled by its timeout or by the operator (class 57: 57014
     * is {@code statement_timeout} on PostgreSQL, {@code QUERY_TIMEOUT} on H2), or a lock not
     * granted in time (HYT00, H2's {@code LOCK_TIMEOUT}), or a transaction aborted on every one
     * of its tries ({@link io.publicip.persistence.retry.TransactionRetry.RetriesExhausted}).
     * Nothing is left half-done: the transaction rolls back, or never began.
     */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.publicip.persistence.retry.TransactionRetry.RetriesExhausted
                    || t instanceof io.micronaut.data.connection.exceptions.ConnectionException
                    || t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof java.sql.SQLRecoverableException || t instanceof java.sql.SQLTimeoutException
                    || t instanceof java.net.ConnectException || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57") || state.equals("HYT00") || state.equals("HYT01")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasState(Throwable failure, String state) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
