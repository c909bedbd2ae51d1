package io.publicip.e2e;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kill -9 under load. Several clients allocate continuously (each request for a fresh instance,
 * some slowed down inside their transaction by a gateway latency fault, some failed by a gateway
 * fault); the server is killed with SIGKILL mid-load. Before anything restarts, the database the
 * server left is read directly and must hold every acknowledged allocation, nothing that was
 * refused, no address twice, no instance twice, a gateway binding for exactly the allocations,
 * and counters that agree with the allocations. The server then restarts on the same data and
 * shows the same allocations through its operator API, twice over, and keeps allocating.
 */
class CrashTest {

    static final int CLIENTS = 8;
    static final int ROUNDS = 2;
    static final int INSTANCES_PER_ROUND = 4000;
    static final int FAILED_BY_FAULT = 25;
    static final Pattern CODE = Pattern.compile("\"Code\":\"([^\"]+)\"");
    static final Pattern IP = Pattern.compile("\"IpAddress\":\"([^\"]+)\"");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2-file", "postgresql"})
    void killedMidLoadLosesNothingAcknowledged(String database) throws Exception {
        Assumptions.assumeTrue(Deployment.targetsPackagedServer(), "needs the packaged server, which it kills");
        Path work = Files.createDirectories(Path.of(System.getProperty("publicip.e2e.work-dir", "target/e2e")));
        Path data = Files.createTempDirectory(work, "crash-" + database + "-");
        Map<String, String> environment = new HashMap<>();
        String jdbcUrl;
        String user;
        String schema = null;
        if (database.equals("postgresql")) {
            Assumptions.assumeTrue(DatabaseOutageTest.postgresReachable(), "needs PostgreSQL on 127.0.0.1:5432");
            schema = "crash_" + System.currentTimeMillis();
            try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
                admin.createStatement().execute("CREATE SCHEMA " + schema);
            }
            jdbcUrl = "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema;
            user = "postgres";
            environment.put("DATASOURCES_DEFAULT_URL", jdbcUrl);
            environment.put("DATASOURCES_DEFAULT_USERNAME", user);
            environment.put("DATASOURCES_DEFAULT_PASSWORD", "");
        } else {
            // the server's own default, an H2 file in its data directory, even in a PostgreSQL run
            jdbcUrl = "jdbc:h2:file:" + data.toAbsolutePath() + "/publicip";
            user = "sa";
            environment.put("DATASOURCES_DEFAULT_URL", null);
            environment.put("DATASOURCES_DEFAULT_USERNAME", null);
            environment.put("DATASOURCES_DEFAULT_PASSWORD", null);
        }

        Deployment server = Deployment.startPackaged("crash-" + database, environment, data);
        try {
            prepare(server);
            Map<String, String> everAcknowledged = new HashMap<>();
            for (int round = 1; round <= ROUNDS; round++) {
                Load load = new Load(server, round);
                load.runUntilKilled(server);
                // the database as the killed server left it, before any restart or repair touches it
                Snapshot left;
                try (Connection db = DriverManager.getConnection(jdbcUrl, user, "")) {
                    left = Snapshot.read(db);
                }
                everAcknowledged.putAll(load.acknowledged);
                Set<String> inDoubt = load.inDoubt;
                System.out.printf("crash test %s round %d: acknowledged=%d, present=%d (of this round %d), in doubt=%d "
                                + "(of which present %d), refused=%d, never delivered=%d%n",
                        database, round, load.acknowledged.size(), left.allocations.size(),
                        countOfRound(left.allocations.keySet(), round), inDoubt.size(),
                        inDoubt.stream().filter(left.allocations::containsKey).count(), load.refused.size(), load.undelivered.get());
                assertTrue(load.refused.size() > 0, "some allocations were refused and rolled back before the kill");
                assertTrue(load.acknowledged.size() > 50, "the load was running when the server was killed: " + load.acknowledged.size());
                everAcknowledged.forEach((instance, address) -> assertEquals(address, left.allocations.get(instance),
                        "acknowledged allocation of " + instance + " is present with the acknowledged address"));
                for (String instance : left.allocations.keySet()) {
                    assertTrue(everAcknowledged.containsKey(instance) || inDoubt.contains(instance),
                            instance + " holds an address although it was never acknowledged nor in doubt");
                }
                load.refused.keySet().forEach(instance -> assertTrue(!left.allocations.containsKey(instance),
                        "refused allocation of " + instance + " left an address behind"));
                assertEquals(List.of(), load.unexpected, "answers other than success and the armed gateway fault");
                left.assertConsistent();

                server = Deployment.startPackaged("crash-" + database, environment, data);
                Map<String, String> shown = allocationsShown(server);
                assertEquals(left.allocations, shown, "the restarted server shows what the database holds");
                // the in-doubt ones have an answer now: held or not, and it stays that way
                everAcknowledged.clear();
                everAcknowledged.putAll(shown);
            }
            HttpResponse<String> after = DatabaseOutageTest.allocate(new ProtocolTest.E2eTestOn(server), "i-crash-after");
            assertEquals(200, after.statusCode(), "the restarted server allocates: " + after.body());
            if (database.equals("h2-file")) {
                // the packaged server on its H2 file compacts it (WRITE_DELAY=0 turns H2's own thread off)
                String metrics = prometheus(server);
                Matcher file = Pattern.compile("(?m)^publicip_h2_file_bytes ([0-9.E]+)$").matcher(metrics);
                assertTrue(file.find() && Double.parseDouble(file.group(1)) > 0, "the H2 file's size is reported:\n" + metrics);
                assertTrue(metrics.contains("publicip_h2_compaction_passes_total"), "compaction passes are counted");
            }
        } finally {
            server.stop();
            if (schema != null) {
                try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
                    admin.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    /** One VLAN with room for every round's instances, the instances, and the gateway faults. */
    private static void prepare(Deployment server) {
        var suite = new ProtocolTest.E2eTestOn(server);
        StringBuilder document = new StringBuilder("{\"vlans\":[{\"vlanId\":700,\"regionId\":\"crash\",\"cidrs\":[\"100.70.0.0/18\"]}],\"instances\":[");
        for (int round = 1; round <= ROUNDS; round++) {
            for (int i = 0; i < INSTANCES_PER_ROUND; i++) {
                document.append(instanceJson("i-crash-" + round + "-" + i)).append(',');
            }
        }
        document.append(instanceJson("i-crash-after")).append("],\"allocations\":[]}");
        HttpResponse<String> imported = suite.rawOperator("PUT", "/v1/state", document.toString());
        assertEquals(204, imported.statusCode(), imported.body());
    }

    private static void armFaults(Deployment server, int round) {
        var suite = new ProtocolTest.E2eTestOn(server);
        // the first matching fault applies: some instances' allocations fail and roll back...
        for (int k = 0; k < FAILED_BY_FAULT; k++) {
            assertEquals(201, suite.rawOperator("POST", "/v1/gateway-faults", "{\"times\":1,\"failure\":\"NAT_PUBLIC_IP_BINDING_FAILED\","
                    + "\"instanceId\":\"i-crash-" + round + "-" + (k * 20 + 7) + "\"}").statusCode());
        }
        // ...and every other waits a little inside its transaction, so that many are in flight at the kill
        assertEquals(201, suite.rawOperator("POST", "/v1/gateway-faults", "{\"times\":1000000,\"latencyMs\":3}").statusCode());
    }

    private static String instanceJson(String id) {
        return "{\"instanceId\":\"" + id + "\",\"regionId\":\"crash\",\"status\":\"Running\",\"networkType\":\"classic\","
                + "\"internetMaxBandwidthOut\":5,\"chargeType\":\"PostPaid\",\"inArrears\":false}";
    }

    private static long countOfRound(Set<String> instances, int round) {
        return instances.stream().filter(i -> i.startsWith("i-crash-" + round + "-")).count();
    }

    /** The operator port's Prometheus text. */
    private static String prometheus(Deployment server) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.operatorUrl() + "/prometheus"));
        if (server.operatorToken() != null) {
            request.header("Authorization", "Bearer " + server.operatorToken());
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    /** Every allocation the operator API lists, instance to address, through every page. */
    private static Map<String, String> allocationsShown(Deployment server) {
        var suite = new ProtocolTest.E2eTestOn(server);
        Map<String, String> shown = new TreeMap<>();
        String token = null;
        do {
            var page = suite.allocations.listAllocations(null, null, null, 1000, token).body();
            page.getAllocations().forEach(a -> shown.put(a.getInstanceId(), a.getIpAddress()));
            token = page.getNextPageToken();
        } while (token != null);
        return shown;
    }

    /** The clients of one round: each request for a fresh instance, until the server is gone. */
    private static final class Load {
        final Map<String, String> acknowledged = new ConcurrentHashMap<>();
        final Map<String, String> refused = new ConcurrentHashMap<>();
        final Set<String> inDoubt = ConcurrentHashMap.newKeySet();
        final List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger undelivered = new AtomicInteger();
        private final AtomicInteger next = new AtomicInteger();
        private final ProtocolTest.E2eTestOn suite;
        private final int round;

        Load(Deployment server, int round) {
            this.suite = new ProtocolTest.E2eTestOn(server);
            this.round = round;
        }

        void runUntilKilled(Deployment server) throws Exception {
            armFaults(server, round);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                clients.submit(this::client);
            }
            // kill at a moment no one chose: once the load is well under way, after a random extra while
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acknowledged.size() < 200 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(ThreadLocalRandom.current().nextInt(50, 500));
            int status = server.kill();
            assertEquals(137, status, "the server died of SIGKILL");
            clients.shutdown();
            assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS), "every client noticed the server is gone");
        }

        private void client() {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            while (true) {
                int n = next.getAndIncrement();
                if (n >= INSTANCES_PER_ROUND) {
                    return;
                }
                String instance = "i-crash-" + round + "-" + n;
                // POST, as the official SDK sends it: the JDK client retries a GET whose connection
                // died on a new connection, and that retry's ConnectException would hide a delivered request
                String query = suite.signedQuery("POST", new TreeMap<>(Map.of("Action", E2eTest.ACTION, "Format", "JSON", "InstanceId", instance)));
                HttpResponse<String> response;
                try {
                    response = http.send(HttpRequest.newBuilder(URI.create(suite.target.apiUrl() + "/?" + query))
                            .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                } catch (ConnectException refusedConnection) {
                    // never reached the server: it is certainly not allocated
                    undelivered.incrementAndGet();
                    return;
                } catch (Exception cut) {
                    // sent, answer lost with the server: allocated or not, the database decides
                    inDoubt.add(instance);
                    continue;
                }
                if (response.statusCode() == 200) {
                    Matcher ip = IP.matcher(response.body());
                    if (ip.find()) {
                        acknowledged.put(instance, ip.group(1));
                    } else {
                        unexpected.add(instance + ": 200 without an address: " + response.body());
                    }
                } else {
                    Matcher code = CODE.matcher(response.body());
                    String c = code.find() ? code.group(1) : response.statusCode() + " " + response.body();
                    refused.put(instance, c);
                    if (!c.equals("NAT_PUBLIC_IP_BINDING_FAILED")) {
                        unexpected.add(instance + ": " + c);
                    }
                }
            }
        }
    }

    /** What the database holds, read with plain JDBC. */
    private record Snapshot(Map<String, String> allocations, long duplicateAddresses, long instancesHoldingTwo,
                            long bindingsWithoutAllocation, long allocationsWithoutBinding, long driftedBlocks,
                            long vlansWithDriftedUsage) {

        static Snapshot read(Connection db) throws SQLException {
            Map<String, String> allocations = new TreeMap<>();
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT instance_id, address FROM allocation")) {
                while (rs.next()) {
                    allocations.put(rs.getString(1), dotted(rs.getLong(2)));
                }
            }
            return new Snapshot(allocations,
                    count(db, "SELECT COUNT(*) - COUNT(DISTINCT address) FROM allocation"),
                    count(db, "SELECT COUNT(*) - COUNT(DISTINCT instance_id) FROM allocation"),
                    count(db, "SELECT COUNT(*) FROM gateway_binding b WHERE NOT EXISTS (SELECT 1 FROM allocation a "
                            + "WHERE a.address = b.address AND a.instance_id = b.instance_id)"),
                    count(db, "SELECT COUNT(*) FROM allocation a WHERE NOT EXISTS (SELECT 1 FROM gateway_binding b "
                            + "WHERE b.address = a.address AND b.instance_id = a.instance_id)"),
                    count(db, "SELECT COUNT(*) FROM address_block k WHERE k.free_count <> k.last_address - k.first_address + 1 "
                            + "- (SELECT COUNT(*) FROM allocation a WHERE a.block_address = k.first_address)"),
                    count(db, "SELECT COUNT(*) FROM vlan v WHERE (SELECT COALESCE(SUM(u.allocated), 0) FROM vlan_usage u "
                            + "WHERE u.vlan_id = v.vlan_id) <> (SELECT COUNT(*) FROM allocation a WHERE a.vlan_id = v.vlan_id)"));
        }

        void assertConsistent() {
            assertEquals(0, duplicateAddresses, "addresses held twice");
            assertEquals(0, instancesHoldingTwo, "instances holding two addresses");
            assertEquals(0, bindingsWithoutAllocation, "gateway bindings without their allocation");
            assertEquals(0, allocationsWithoutBinding, "allocations without their gateway binding");
            assertEquals(0, driftedBlocks, "blocks whose free count disagrees with their allocations");
            assertEquals(0, vlansWithDriftedUsage, "VLANs whose usage counters disagree with their allocations");
        }

        private static long count(Connection db, String sql) throws SQLException {
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        private static String dotted(long address) {
            return (address >>> 24 & 255) + "." + (address >>> 16 & 255) + "." + (address >>> 8 & 255) + "." + (address & 255);
        }
    }
}
