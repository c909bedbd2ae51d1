package io.publicip.persistence;

import java.sql.SQLException;

/** Reads what a database refused from an exception, the same way on H2 and PostgreSQL. */
public final class SqlErrors {

    private SqlErrors() {
    }

    /** SQLState 23505: a unique or primary key refused the write. */
    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
