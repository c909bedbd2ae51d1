package io.publicip.persistence.h2;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On a real H2 file with the server's WRITE_DELAY=0: single-row commits leave a chunk each, most
 * of them pinned by a page or two that no later commit replaced; the compaction frees them and
 * the data reads back the same.
 */
class H2FileCompactionTest {

    private static final int ROWS = 20_000;
    private static final int UPDATES = 1_500;

    @TempDir
    Path dir;

    @Test
    void freesTheChunksThatFewLivePagesKeep() throws SQLException {
        // RETENTION_TIME=0: chunks may be freed as soon as they are unused (H2 keeps them 45 s by default)
        JdbcDataSource dataSource = dataSource("jdbc:h2:file:" + dir + "/db;WRITE_DELAY=0;RETENTION_TIME=0");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            long expectedSum = leaveSparseChunks(connection, statement);
            long chunksBefore = setting(statement, "info.CHUNK_COUNT");

            H2FileCompaction compaction = new H2FileCompaction(dataSource);
            int passes = 0;
            while (passes < 200 && compaction.compactOnce()) {
                passes++;
                // the load goes on (a pass after no commit does nothing), and the chunks the pass emptied go at that commit
                statement.execute("UPDATE t SET v = v WHERE id = 1");
            }
            long chunksAfter = setting(statement, "info.CHUNK_COUNT");

            assertTrue(passes > 0, "no pass rewrote anything");
            assertEquals(passes, compaction.rewritingPassesSinceStart());
            assertTrue(chunksBefore > UPDATES / 2, "the updates left " + chunksBefore + " chunks");
            assertTrue(chunksAfter * 10 < chunksBefore, "chunks before " + chunksBefore + ", after " + chunksAfter);
            try (ResultSet sum = statement.executeQuery("SELECT SUM(v), COUNT(*) FROM t")) {
                sum.next();
                assertEquals(expectedSum, sum.getLong(1));
                assertEquals(ROWS, sum.getLong(2));
            }
        }
    }

    @Test
    void leavesAnIdleDatabaseAlone() throws SQLException {
        JdbcDataSource dataSource = dataSource("jdbc:h2:file:" + dir + "/idle;WRITE_DELAY=0;RETENTION_TIME=0");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            leaveSparseChunks(connection, statement);
            H2FileCompaction compaction = new H2FileCompaction(dataSource);
            assertTrue(compaction.compactOnce(), "the updates left sparse chunks");
            // sparse chunks are left (a pass copies at most WRITE_LIMIT), but nothing was committed since
            for (int i = 0; i < 5; i++) {
                assertFalse(compaction.compactOnce());
            }
            assertEquals(1, compaction.rewritingPassesSinceStart());
            // there was more to copy: the first commit since brings the passes back
            statement.execute("UPDATE t SET v = v WHERE id = 1");
            assertTrue(compaction.compactOnce(), "a pass after a commit copies what the first left");
        }
    }

    @Test
    void standsAsideForAnInMemoryDatabase() throws SQLException {
        JdbcDataSource dataSource = dataSource("jdbc:h2:mem:compaction;DB_CLOSE_DELAY=-1");
        H2FileCompaction compaction = new H2FileCompaction(dataSource);
        assertFalse(compaction.compactOnce());
        assertFalse(compaction.compactOnce());
        assertEquals(0, compaction.rewritingPassesSinceStart());
    }

    @Test
    void standsAsideWhenH2sOwnThreadCompacts() throws SQLException {
        JdbcDataSource dataSource = dataSource("jdbc:h2:file:" + dir + "/delayed;WRITE_DELAY=500");
        try (Connection connection = dataSource.getConnection()) {
            assertFalse(new H2FileCompaction(dataSource).compactOnce());
        }
    }

    /** A table in one commit, then single-row updates that leave a chunk each; the sum of the values written. */
    private static long leaveSparseChunks(Connection connection, Statement statement) throws SQLException {
        statement.execute("CREATE TABLE t (id INT PRIMARY KEY, v BIGINT NOT NULL, pad VARCHAR(100) NOT NULL)");
        statement.execute("INSERT INTO t SELECT X, 0, REPEAT('x', 80) FROM SYSTEM_RANGE(1, " + ROWS + ")");
        return updateRandomRows(connection);
    }

    /** Each update its own commit, as each allocation is; the sum of the values written. */
    private static long updateRandomRows(Connection connection) throws SQLException {
        Random random = new Random(7);
        long sum = 0;
        try (PreparedStatement update = connection.prepareStatement("UPDATE t SET v = ? WHERE id = ?")) {
            long[] values = new long[ROWS + 1];
            for (int i = 0; i < UPDATES; i++) {
                int id = 1 + random.nextInt(ROWS);
                long value = 1 + random.nextInt(1_000);
                sum += value - values[id];
                values[id] = value;
                update.setLong(1, value);
                update.setInt(2, id);
                update.executeUpdate();
            }
        }
        return sum;
    }

    private static long setting(Statement statement, String name) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = '" + name + "'")) {
            rs.next();
            return Long.parseLong(rs.getString(1));
        }
    }

    private static JdbcDataSource dataSource(String url) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        return dataSource;
    }
}
