package io.publicip.server.database;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DatabaseTimeoutsTest {

    private static final String SERIALIZABLE = "jdbc:postgresql://127.0.0.1:5432/test?options=-c%20default_transaction_isolation%3Dserializable";

    @Test
    void aUrlWithOptionsOfItsOwnGetsTheStatementTimeoutAddedToThem() {
        assertEquals("jdbc:postgresql://h/db?options=-c%20a%3Db%20-c%20statement_timeout%3D10000",
                DatabaseTimeouts.withStatementTimeout("jdbc:postgresql://h/db?options=-c%20a%3Db", 10_000));
        assertEquals("jdbc:postgresql://h/db?currentSchema=s&options=-c%20a%3Db%20-c%20statement_timeout%3D500&reWriteBatchedInserts=true",
                DatabaseTimeouts.withStatementTimeout("jdbc:postgresql://h/db?currentSchema=s&options=-c%20a%3Db&reWriteBatchedInserts=true", 500));
    }

    /** The rewritten URL keeps the URL's own option and bounds statements, on a real PostgreSQL. */
    @Test
    void postgresqlTakesBothTheUrlsOptionAndTheTimeout() throws SQLException {
        String url = DatabaseTimeouts.withStatementTimeout(SERIALIZABLE, 7_000);
        Connection connection;
        try {
            connection = DriverManager.getConnection(url, "postgres", "");
        } catch (SQLException unreachable) {
            assumeTrue(false, "PostgreSQL is not reachable on 127.0.0.1:5432");
            return;
        }
        try (connection; var statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SHOW statement_timeout")) {
                rs.next();
                assertEquals("7s", rs.getString(1));
            }
            try (ResultSet rs = statement.executeQuery("SHOW default_transaction_isolation")) {
                rs.next();
                assertEquals("serializable", rs.getString(1));
            }
        }
    }
}
