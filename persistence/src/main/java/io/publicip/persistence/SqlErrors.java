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

    private static boolean hasState(Throwable failure, String state) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
