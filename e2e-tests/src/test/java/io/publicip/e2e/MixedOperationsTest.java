package io.publicip.e2e;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        try (Servers servers = Servers.start(database, "mixed")) {
            E2eTest survivor = servers.suites().get(0);
            MixedLoad load = new MixedLoad(servers.suites(), survivor, MixedLoad.seconds());
            load.prepare();
            Deployment victim = servers.deployments().get(servers.deployments().size() - 1);
            load.run(() -> {
                try {
                    victim.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            E2eTest checker = servers.replicas() == 1 ? servers.restart(0) : survivor;
            MixedLoad.Report report = load.check(List.of(checker));
            System.out.println("mixed operations, a replica killed (" + database + ", " + servers.replicas() + " replicas): " + report
                    + retries(checker));
            assertEquals(List.of(), report.violations(), "violations");
            assertEquals(0, repairs(checker), "reconciliation repaired state the load left: a violation it would hide from the checker");
            assertTrue(report.acknowledged() > 50, "the load ran: " + report);
        }
    }

    /**
     * The stored counters against the real rows, read from the database itself after a clean
     * stop, before anything (a reconciliation pass at the next start) could repair them: every
     * block's free count and flag, and every VLAN's usage stripes. Three instances for each
     * address, so that nearly every request races another for a block, an address or an
     * instance. On each database as it ships, and on PostgreSQL with group commit on as well (on
     * H2 it stays off: GroupCommit).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2-file", "postgresql", "postgresql grouped"})
    void countersEqualTheRowsAfterACleanStop(String setup) throws Exception {
        Assumptions.assumeTrue(Deployment.targetsPackagedServer(), "needs packaged servers of its own, which it stops");
        String database = setup.split(" ")[0];
        // each database in the pass of the suite that runs on it (.ci/run runs it once on H2, then on PostgreSQL)
        boolean suiteOnPostgres = String.valueOf(System.getenv("DATASOURCES_DEFAULT_URL")).startsWith("jdbc:postgresql:");
        Assumptions.assumeTrue(database.equals("postgresql") == suiteOnPostgres, "runs in the suite's pass on " + database);
        Map<String, String> settings = new java.util.HashMap<>();
        // no scheduled reconciliation pass during the run: it would repair a counter before it is read
        settings.put("PUBLICIP_REPAIR_INTERVAL", "24h");
        if (setup.endsWith(" grouped")) {
            settings.put("PUBLICIP_GROUP_COMMIT_WRITERS", "2");
        }
        try (Servers servers = Servers.start(database, "counters", settings)) {
            E2eTest operator = servers.suites().get(0);
            MixedLoad load = new MixedLoad(servers.suites(), operator, MixedLoad.seconds(), CONTENDED_INSTANCES);
            load.prepare();
            load.run(null);
            MixedLoad.Report report = load.check(List.of());
            long repairs = repairs(operator);
            String figures = retries(operator);
            servers.stopAll();
            List<String> drift = StoredCounters.drift(servers.jdbcUrl());
            System.out.println("mixed operations, counters after a clean stop (" + setup + ", " + servers.replicas() + " replicas): "
                    + report + figures + ", stored counters off the rows=" + drift.size());
            assertEquals(List.of(), drift, "stored counters that differ from the rows");
            assertEquals(List.of(), report.violations(), "violations");
            assertEquals(0, repairs, "reconciliation repaired state the load left: a violation it would hide from the checker");
            assertTrue(report.acknowledged() > 100, "the load ran: " + report);
        }
    }

    /** Instances in the counters test: over three for each of the pool's 92 addresses. */
    static final int CONTENDED_INSTANCES = 300;

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
        for (String counter : List.of("publicip_group_commits_total", "publicip_group_commit_requests_total", "publicip_group_commit_alone_total",
                "publicip_group_commit_at_once_total")) {
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
