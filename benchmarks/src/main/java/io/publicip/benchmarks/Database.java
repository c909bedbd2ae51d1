package io.publicip.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One database the benchmark runs on: the server's embedded H2 file, or a PostgreSQL schema of
 * the run's own. The same URL serves the server (through its environment) and the harness's
 * straight JDBC stages.
 */
abstract sealed class Database permits Database.H2File, Database.Postgres {

    abstract String name();

    abstract String jdbcUrl();

    abstract String user();

    /** Where the HTTP floor writes its rows: the same database, with the same durability settings. */
    abstract String floorJdbcUrl();

    /** The environment that points the server at this database. */
    Map<String, String> serverEnvironment() {
        return Map.of("DATASOURCES_DEFAULT_URL", jdbcUrl(), "DATASOURCES_DEFAULT_USERNAME", user(), "DATASOURCES_DEFAULT_PASSWORD", "");
    }

    /** A derived table of one column {@code n} counting 0..last, in this database's words (fixtures only). */
    abstract String numbers(long last);

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user(), "");
    }

    String version() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(versionQuery())) {
            rs.next();
            return rs.getString(1);
        }
    }

    abstract String versionQuery();

    /** The database's own processes, for the CPU figures (none when it runs inside the server or the harness). */
    Map<String, Supplier<List<Long>>> cpuParts() {
        return Map.of();
    }

    /**
     * Bytes of write-ahead log written so far, or -1 where the processes' own storage writes are
     * the measure (H2 writes its file from inside the process that runs it). PostgreSQL writes
     * its data files back later, in checkpoints' bursts that no short window can share out, so
     * its WAL is what an operation writes for durability.
     */
    long walBytes() {
        return -1;
    }

    void drop() throws SQLException {
    }

    /** Refreshes the planner's statistics after a bulk fixture (autovacuum would, later). */
    void analyze() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("ANALYZE");
        }
    }

    static final class H2File extends Database {
        private final Path directory;

        H2File(Path directory) {
            this.directory = directory;
        }

        String name() {
            return "H2 (file)";
        }

        /** The server's default URL, the same settings in a directory of the run's own. */
        String jdbcUrl() {
            return "jdbc:h2:file:" + directory.toAbsolutePath() + "/publicip;LOCK_TIMEOUT=10000;WRITE_DELAY=0";
        }

        String user() {
            return "sa";
        }

        /** A file of its own beside the server's, with the same settings (the server's is in use by then, or closed). */
        String floorJdbcUrl() {
            return "jdbc:h2:file:" + directory.toAbsolutePath() + "/floor;LOCK_TIMEOUT=10000;WRITE_DELAY=0";
        }

        String numbers(long last) {
            return "(SELECT X AS n FROM SYSTEM_RANGE(0, " + last + "))";
        }

        String versionQuery() {
            return "SELECT 'H2 ' || H2VERSION()";
        }
    }

    static final class Postgres extends Database {
        private final String schema;

        Postgres(String schema) throws SQLException {
            this.schema = schema;
            try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                 Statement s = admin.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
        }

        String name() {
            return "PostgreSQL";
        }

        /**
         * Vacuums too, and checkpoints: left to autovacuum, the vacuum of hundreds of thousands
         * of fresh instance rows ran during the measured windows and counted as the database's
         * CPU; and a checkpoint that the fixture's WAL brings on during a window makes every page
         * written next go to the WAL whole. Only the tables that hold rows: statistics taken of
         * an empty table tell the planner it stays empty, and the plans a connection caches then
         * scan it whole however much it grows (every allocation read the whole allocation table
         * twice until autovacuum analyzed it again, and autovacuum is off on this machine's
         * PostgreSQL); a table never analyzed, as in a fresh deployment, is planned by its size.
         */
        @Override
        void analyze() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet names = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")) {
                    while (names.next()) {
                        tables.add(names.getString(1));
                    }
                }
                List<String> withRows = new ArrayList<>();
                for (String table : tables) {
                    try (ResultSet rows = s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table + ")")) {
                        if (rows.next() && rows.getBoolean(1)) {
                            withRows.add(table);
                        }
                    }
                }
                // never a bare VACUUM ANALYZE: with no table named it takes every table, the empty ones too
                if (!withRows.isEmpty()) {
                    s.execute("VACUUM ANALYZE " + String.join(", ", withRows));
                }
                s.execute("CHECKPOINT");
            }
        }

        @Override
        Map<String, Supplier<List<Long>>> cpuParts() {
            return Map.of("database", CpuMeter.named("postgres"));
        }

        @Override
        long walBytes() {
            try (Connection c = connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        String jdbcUrl() {
            return "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema + "&reWriteBatchedInserts=true";
        }

        String user() {
            return "postgres";
        }

        String floorJdbcUrl() {
            return jdbcUrl();
        }

        String numbers(long last) {
            return "(SELECT n FROM generate_series(0, " + last + ") AS n)";
        }

        String versionQuery() {
            return "SELECT split_part(version(), ' on ', 1) || ', fsync ' || current_setting('fsync') "
                    + "|| ', synchronous_commit ' || current_setting('synchronous_commit')";
        }

        @Override
        void drop() throws SQLException {
            try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                 Statement s = admin.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
