package io.publicip.persistence;

import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What counts as the database being unavailable (ServiceUnavailable), and what does not. */
class SqlErrorsTest {

    @Test
    void timeoutsAndLostConnectionsAreUnavailable() {
        assertTrue(SqlErrors.isUnavailable(wrapped(new SQLException("canceling statement due to statement timeout", "57014"))));
        assertTrue(SqlErrors.isUnavailable(wrapped(new SQLException("An I/O error occurred while sending to the backend", "08006"))));
        assertTrue(SqlErrors.isUnavailable(wrapped(new SQLException("terminating connection due to administrator command", "57P01"))));
        assertTrue(SqlErrors.isUnavailable(wrapped(new SQLException("Timeout trying to lock table", "HYT00"))));
        assertTrue(SqlErrors.isUnavailable(wrapped(new SQLTransientConnectionException("Connection is not available, request timed out"))));
        assertTrue(SqlErrors.isUnavailable(wrapped(new SQLException("I/O", null, new SocketTimeoutException("Read timed out")))));
    }

    @Test
    void refusalsAndBugsAreNot() {
        assertFalse(SqlErrors.isUnavailable(wrapped(new SQLException("duplicate key", "23505"))));
        assertFalse(SqlErrors.isUnavailable(wrapped(new SQLException("syntax error", "42601"))));
        assertFalse(SqlErrors.isUnavailable(new IllegalStateException("a bug")));
        assertFalse(SqlErrors.isUnavailable(null));
    }

    private static RuntimeException wrapped(SQLException cause) {
        return new RuntimeException("Error executing SQL", cause);
    }
}
