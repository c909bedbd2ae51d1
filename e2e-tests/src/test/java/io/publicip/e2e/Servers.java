package io.publicip.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

/**
 * Packaged servers of a test's own, on a database of its own: one server on an H2 file, or two
 * replicas sharing a fresh PostgreSQL schema (127.0.0.1:5432, database test; options from
 * {@code publicip.e2e.mixed-pg-options}, the SERIALIZABLE runs' say). Closing stops them and drops
 * the schema.
 */
final class Servers implements AutoCloseable {

    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

    private final String name;
    private final Map<String, String> environment;
    private final List<Path> data;
    private final List<Deployment> deployments;
    private final String schema;
    private final String jdbcUrl;

    private Servers(String name, Map<String, String> environment, List<Path> data, List<Deployment> deployments, String schema,
                    String jdbcUrl) {
        this.name = name;
        this.environment = environment;
        this.data = data;
        this.deployments = deployments;
        this.schema = schema;
        this.jdbcUrl = jdbcUrl;
    }

    /** {@code database}: "h2-file" or "postgresql"; the test is skipped when PostgreSQL is not reachable. */
    static Servers start(String database, String name) throws Exception {
        return start(database, name, Map.of());
    }

    /** With settings of the test's own in the servers' environment. */
    static Servers start(String database, String name, Map<String, String> settings) throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("publicip.e2e.work-dir", "target/e2e")));
        Map<String, String> environment = new HashMap<>(settings);
        String schema = null;
        int replicas = 1;
        List<Path> data = new ArrayList<>();
        if (database.equals("postgresql")) {
            Assumptions.assumeTrue(DatabaseOutageTest.postgresReachable(), "needs PostgreSQL on 127.0.0.1:5432");
            schema = name + "_" + System.currentTimeMillis();
            try (Connection admin = DriverManager.getConnection(POSTGRES, "postgres", "")) {
                admin.createStatement().execute("CREATE SCHEMA " + schema);
            }
            String options = System.getProperty("publicip.e2e.mixed-pg-options", "");
            environment.put("DATASOURCES_DEFAULT_URL", POSTGRES + "?currentSchema=" + schema + options);
            environment.put("DATASOURCES_DEFAULT_USERNAME", "postgres");
            environment.put("DATASOURCES_DEFAULT_PASSWORD", "");
            replicas = 2;
        } else {
            environment.put("DATASOURCES_DEFAULT_URL", null);
            environment.put("DATASOURCES_DEFAULT_USERNAME", null);
            environment.put("DATASOURCES_DEFAULT_PASSWORD", null);
        }
        for (int i = 0; i < replicas; i++) {
            data.add(Files.createTempDirectory(work, name + "-" + database + "-"));
        }
        // the H2 file of the one server, as the server names it (publicip.data-dir/publicip)
        String jdbcUrl = schema != null ? POSTGRES + "?currentSchema=" + schema
                : "jdbc:h2:file:" + data.get(0).toAbsolutePath().resolve("publicip");
        Servers servers = new Servers(name + "-" + database, environment, data, new ArrayList<>(), schema, jdbcUrl);
        try {
            for (int i = 0; i < replicas; i++) {
                servers.deployments.add(Deployment.startPackaged(servers.name + "-" + i, environment, data.get(i)));
            }
        } catch (RuntimeException e) {
            servers.close();
            throw e;
        }
        return servers;
    }

    List<Deployment> deployments() {
        return deployments;
    }

    int replicas() {
        return deployments.size();
    }

    /** A suite for each replica, signing with its key. */
    List<E2eTest> suites() {
        return deployments.stream().map(s -> (E2eTest) new ProtocolTest.E2eTestOn(s)).toList();
    }

    /** Starts replica {@code i} again on its data (after a kill, say); a suite on it. */
    E2eTest restart(int i) {
        deployments.set(i, Deployment.startPackaged(name + "-" + i, environment, data.get(i)));
        return new ProtocolTest.E2eTestOn(deployments.get(i));
    }

    /** Stops every replica as an orchestrator does (SIGTERM), waiting for each to exit. */
    void stopAll() {
        deployments.forEach(Deployment::stop);
    }

    /** The database the replicas used, for reading it directly once they are stopped (user sa or postgres, no password). */
    String jdbcUrl() {
        return jdbcUrl;
    }

    static Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, jdbcUrl.startsWith("jdbc:h2:") ? "sa" : "postgres", "");
    }

    @Override
    public void close() throws SQLException {
        stopAll();
        if (schema != null) {
            try (Connection admin = DriverManager.getConnection(POSTGRES, "postgres", "")) {
                admin.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
