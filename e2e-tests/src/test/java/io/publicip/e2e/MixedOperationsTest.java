package io.publicip.e2e;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every write path at once, as a busy platform sends them: {@link MixedLoad#CLIENTS} clients over
 * every replica, for a bounded time, allocating (dynamically, by address, with and without a
 * VLAN), releasing (ReleasePublicIpAddress and the operator's release), deleting and creating
 * instances again, on a pool smaller than the instances so that every refusal happens. A journal
 * of every request and a checker that reads the state through the operator API, during the run
 * and at the end ({@link MixedLoad.Checker}), in the manner of Jepsen.
 */
class MixedOperationsTest extends E2eTest {

    /** On the deployment under test: every replica it has, whatever its database. */
    @Test
    void mixedOperationsOnEveryReplica() throws Exception {
        MixedLoad load = new MixedLoad(List.of(this), this, MixedLoad.seconds());
        load.prepare();
        load.run(null);
        MixedLoad.Report report = load.check(List.of());
        System.out.println("mixed operations (" + target.apiUrls().size() + " replicas): " + report + retries(this));
        assertEquals(List.of(), report.violations(), "violations");
        assertEquals(0, repairs(this), "reconciliation repaired state the load left: a violation it would hide from the checker");
        assertTrue(report.acknowledged() > 100, "the load ran: " + report);
    }

    /**
     * One replica killed with SIGKILL mid-load: requests in flight to it are in doubt, and the
     * database decides them. On PostgreSQL two replicas share the pool and the other carries on;
     * on H2 the one server is started again on its file before the state is checked.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2-file", "postgresql"})
    void replicaKilledMidLoad(String database) throws Exception {
        Assumptions.assumeTrue(Deployment.targetsPackagedServer(), "needs packaged servers of its own, which it kills");
        Path work = Files.createDirectories(Path.of(System.getProperty("publicip.e2e.work-dir", "target/e2e")));
        Map<String, String> environment = new HashMap<>();
        String schema = null;
        int replicas = 1;
        if (database.equals("postgresql")) {
            Assumptions.assumeTrue(DatabaseOutageTest.postgresReachable(), "needs PostgreSQL on 127.0.0.1:5432");
            schema = "mixed_" + System.currentTimeMillis();
            try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
                admin.createStatement().execute("CREATE SCHEMA " + schema);
            }
            String options = System.getProperty("publicip.e2e.mixed-pg-options", "");
            environment.put("DATASOURCES_DEFAULT_URL", "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema + options);
            environment.put("DATASOURCES_DEFAULT_USERNAME", "postgres");
            environment.put("DATASOURCES_DEFAULT_PASSWORD", "");
            replicas = 2;
        } else {
            environment.put("DATASOURCES_DEFAULT_URL", null);
            environment.put("DATASOURCES_DEFAULT_USERNAME", null);
            environment.put("DATASOURCES_DEFAULT_PASSWORD", null);
        }
        List<Deployment> servers = new ArrayList<>();
        List<Path> data = new ArrayList<>();
        try {
            for (int i = 0; i < replicas; i++) {
                data.add(Files.createTempDirectory(work, "mixed-" + database + "-"));
                servers.add(Deployment.startPackaged("mixed-" + database + "-" + i, environment, data.get(i)));
            }
            List<E2eTest> suites = servers.stream().map(s -> (E2eTest) new ProtocolTest.E2eTestOn(s)).toList();
            E2eTest survivor = suites.get(0);
            MixedLoad load = new MixedLoad(suites, survivor, MixedLoad.seconds());
            load.prepare();
            Deployment victim = servers.get(servers.size() - 1);
            load.run(() -> {
                try {
                    victim.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            E2eTest checker = survivor;
            if (replicas == 1) {
                servers.set(0, Deployment.startPackaged("mixed-" + database + "-0", environment, data.get(0)));
                checker = new ProtocolTest.E2eTestOn(servers.get(0));
            }
            MixedLoad.Report report = load.check(List.of(checker));
            System.out.println("mixed operations, a replica killed (" + database + ", " + replicas + " replicas): " + report
                    + retries(checker));
            assertEquals(List.of(), report.violations(), "violations");
            assertEquals(0, repairs(checker), "reconciliation repaired state the load left: a violation it would hide from the checker");
            assertTrue(report.acknowledged() > 50, "the load ran: " + report);
        } finally {
            servers.forEach(Deployment::stop);
            if (schema != null) {
                try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
                    admin.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    /**
     * What the replica's reconciliation repaired since it started (at start-up and on its
     * schedule, which may fall inside the run): state no request should leave, so a repair is a
     * violation the checker might not have seen.
     */
    static long repairs(E2eTest suite) {
        OptionalLong repairs = metric(suite.rawMetrics().body(), "publicip_repairs_total");
        assertTrue(repairs.isPresent(), "the replica exports publicip_repairs_total");
        return repairs.getAsLong();
    }

    /** The retries the operator port's replica counted, and its group commits, for the figures. */
    static String retries(E2eTest suite) {
        String metrics = suite.rawMetrics().body();
        StringBuilder out = new StringBuilder();
        Matcher m = Pattern.compile("(?m)^publicip_transaction_retries_total\\{cause=\"([a-z_]+)\"[^}]*} ([0-9.E]+)$").matcher(metrics);
        while (m.find()) {
            out.append(", retries ").append(m.group(1)).append('=').append((long) Double.parseDouble(m.group(2)));
        }
        metric(metrics, "publicip_transaction_tries_max").ifPresent(most -> out.append(", most tries of one transaction=").append(most));
        // group commit: shared transactions, the requests they carried, and those run again alone
        for (String counter : List.of("publicip_group_commits_total", "publicip_group_commit_requests_total", "publicip_group_commit_alone_total")) {
            metric(metrics, counter).ifPresent(value -> out.append(", ").append(counter.replace("publicip_", "").replace("_total", ""))
                    .append('=').append(value));
        }
        return out.toString();
    }

    /** A meter of the Prometheus text, its series summed over their labels; empty when it is not exported. */
    static OptionalLong metric(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.E]+)$").matcher(metrics);
        long total = 0;
        boolean found = false;
        while (m.find()) {
            total += (long) Double.parseDouble(m.group(1));
            found = true;
        }
        return found ? OptionalLong.of(total) : OptionalLong.empty();
    }
}
