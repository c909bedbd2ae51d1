package io.publicip.benchmarks;

import io.publicip.launcher.PackagedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The whole benchmark, on embedded H2 (file) and on PostgreSQL, printed as a table and written
 * to docs/benchmarks.md with a plot. Usage: {@code benchmarks/run} (see docs/benchmarks.md).
 */
public final class BenchmarkRun {

    static final int[] CLIENTS = {1, 4, 16, 32};
    static final double WARMUP = 1;
    /** Load before the first row: the server's JIT keeps raising its throughput for a while, and the rows compare settled servers. */
    static final double SERVER_WARMUP = 15;
    /** Warm-up of a restarted server before the scaling runs, which are sequential and short. */
    static final double SETTLE_WARMUP = 6;
    /** The JDBC stages run in this process, warm after their first level. */
    static final double JDBC_MEASURE = 2;
    /**
     * The server's JVM options, written once in server/src/main/jvm (why each: docs/benchmarks.md):
     * jvm.options, which the container image uses as well, and heap.options, the fixed heap of
     * {@code java -jar}; relative to the working directory, the repository's root as benchmarks/run
     * runs it.
     */
    static final Path JVM_OPTIONS = Path.of("server", "src", "main", "jvm");

    /**
     * The JVM options the README recommends for running the server (both files above), and an
     * application class-data archive that the first start writes on exit and later starts map.
     */
    static List<String> serverOptions(Path archive, boolean firstStart) {
        List<String> options = new ArrayList<>(argumentFile(JVM_OPTIONS.resolve("jvm.options")));
        options.addAll(argumentFile(JVM_OPTIONS.resolve("heap.options")));
        options.add((firstStart ? "-XX:ArchiveClassesAtExit=" : "-XX:SharedArchiveFile=") + archive);
        return List.copyOf(options);
    }

    /** The options of a java argument file: whitespace-separated, {@code #} to the end of a line a comment. */
    static List<String> argumentFile(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .map(line -> line.replaceAll("#.*", "").strip())
                    .filter(line -> !line.isEmpty())
                    .flatMap(line -> java.util.Arrays.stream(line.split("\\s+")))
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the server's JVM options " + file.toAbsolutePath(), e);
        }
    }
    static final double MEASURE = 4;
    static final int LOAD_VLAN = 1000;
    static final String LOAD_CIDR = "11.0.0.0/14";
    static final long LOAD_INSTANCES = 240_000;
    static final long OWN_INSTANCES = 120_000;
    static final int CYCLE_CLIENTS = 16;
    /** How long the soak stage runs (PUBLICIP_BENCH_SOAK_SECONDS); the stage runs only when named in PUBLICIP_BENCH_STAGES. */
    static final double SOAK_SECONDS = Double.parseDouble(System.getenv().getOrDefault("PUBLICIP_BENCH_SOAK_SECONDS", "120"));
    /**
     * How long the allocate/release cycles are measured (PUBLICIP_BENCH_CYCLE_SECONDS): seconds in
     * the full run; minutes to see the server's RSS under sustained load, which the short windows
     * of the full run do not reach.
     */
    static final double CYCLE_MEASURE = Double.parseDouble(System.getenv().getOrDefault("PUBLICIP_BENCH_CYCLE_SECONDS", String.valueOf(MEASURE)));
    static final int SCALING_SAMPLES = 200;
    static final int SCALING_WARMUP = 30;
    /** VLAN, CIDR and label of the scaling pools. */
    static final Object[][] SCALING_POOLS = {
            {2001, "11.8.0.0/24", "/24"}, {2002, "11.9.0.0/20", "/20"}, {2003, "11.10.0.0/16", "/16"}, {2004, "11.16.0.0/12", "/12"}};
    /**
     * A /24 that stays empty, measured beside the scaling pools at every occupancy: the others'
     * latency over its own tells what a pool's size and fill cost apart from what the database's
     * growth (a million more rows at 99%) and the restart cost every pool alike.
     */
    static final Object[] EMPTY_REFERENCE = {2005, "11.8.1.0/24", "/24 kept empty"};

    /**
     * One concurrency level: the service's allocations over HTTP, the simplest INSERT and the
     * service's transaction straight over JDBC, and the HTTP floor (one durable INSERT per request
     * behind a minimal HTTP server, {@link FloorServer}).
     */
    record Level(int clients, ClosedLoop.Result http, ClosedLoop.Result limit, ClosedLoop.Result own, ClosedLoop.Result floor) {
    }

    /** One pair of the signature-scheme stage: the same allocations signed with V1, then with ACS3. */
    record SchemePair(ClosedLoop.Result v1, ClosedLoop.Result acs3) {
    }

    /** Alternating pairs of the signature-scheme stage, at 16 clients, and how long each half runs. */
    static final int SCHEME_PAIRS = 3;
    static final double SCHEME_MEASURE = MEASURE;

    /** One pair of the group-commit stage for one kind of request: on a server with group commit off, then on one with it on. */
    record GroupPair(String kind, ClosedLoop.Result alone, ClosedLoop.Result grouped) {
    }

    /** The kinds of request the group-commit stage measures, in the order each server runs them. */
    static final List<String> GROUP_KINDS = List.of("fresh allocations", "refused before the database", "refused after one read",
            "contended mix");
    /** The contended mix's world: a /27 (30 addresses) for three times as many instances. */
    static final int CONTENDED_VLAN = 1001;
    static final String CONTENDED_REGION = "contended";
    static final String CONTENDED_CIDR = "12.0.0.0/27";
    static final int CONTENDED_INSTANCES = 90;

    /** Alternating pairs of the group-commit stage, at 16 clients, and the writers of its grouped half (PUBLICIP_BENCH_GROUP_WRITERS). */
    static final int GROUP_PAIRS = 3;
    static final String GROUP_WRITERS = System.getenv().getOrDefault("PUBLICIP_BENCH_GROUP_WRITERS", "2");
    /** Each half's server warms up this long first (its JIT; its allocations come from the same instances as the rest). */
    static final double GROUP_WARMUP = SERVER_WARMUP;

    /**
     * An allocation for the next instance of the load pool that has none, signed with ACS3 or V1;
     * correct only with an address of the pool that no earlier answer handed out.
     */
    static HttpLoad.Operation allocateFresh(Rpc rpc, AtomicLong next, Set<String> handedOut, boolean acs3) {
        return (api, operator) -> {
            long n = next.getAndIncrement();
            if (n >= LOAD_INSTANCES) {
                return ClosedLoop.EXHAUSTED;
            }
            RawHttp.Response r = rpc.allocate(api, "i-l-" + n, acs3);
            String address = Rpc.address(r);
            if (address == null) {
                return Rpc.code(r);
            }
            return address.startsWith("11.") && handedOut.add(address) ? null : "address handed out twice or outside the pool: " + address;
        };
    }

    /**
     * One half of a group-commit pair: a server started with these writers, warmed on fresh
     * allocations, then measured at 16 clients on each kind of {@link #GROUP_KINDS} in turn.
     */
    static List<ClosedLoop.Result> groupHalf(Path jar, Path data, Database db, Path log, String writers, AtomicLong next, Set<String> handedOut)
            throws Exception {
        Map<String, String> environment = new java.util.HashMap<>(db.serverEnvironment());
        environment.put("PUBLICIP_GROUP_COMMIT_WRITERS", writers);
        try (PackagedServer server = BenchmarkServer.start(jar, data, environment, log, serverOptions(data.resolve("publicip-server.jsa"), false))) {
            Rpc rpc = Rpc.against(server);
            HttpLoad.Operation fresh = allocateFresh(rpc, next, handedOut, true);
            HttpLoad.run(server, db, 16, 0, GROUP_WARMUP, fresh);
            contendedWorld(server);
            AtomicLong absent = new AtomicLong();
            List<HttpLoad.Operation> kinds = List.of(
                    fresh,
                    // no InstanceId: MissingParameter, decided before any row is read
                    (api, operator) -> expect(rpc.call(api, "AllocatePublicIpAddress", Map.of()), 400, "MissingParameter"),
                    // an instance nobody has: InvalidInstanceId.NotFound, after one read
                    (api, operator) -> expect(rpc.call(api, "AllocatePublicIpAddress", Map.of("InstanceId", "i-absent-" + absent.incrementAndGet())),
                            404, "InvalidInstanceId.NotFound"),
                    contendedMix(rpc));
            List<ClosedLoop.Result> results = new ArrayList<>();
            for (HttpLoad.Operation kind : kinds) {
                results.add(HttpLoad.run(server, db, 16, WARMUP, MEASURE, kind));
            }
            return results;
        }
    }

    /** The contended mix's VLAN and instances, made once (a later server finds them in the data it shares). */
    static void contendedWorld(PackagedServer server) throws IOException {
        try (RawHttp operator = new RawHttp("127.0.0.1", server.operatorPort())) {
            if (operator.send("GET", "/v1/vlans/" + CONTENDED_VLAN, null, null).status() == 404) {
                Rpc.createVlan(operator, CONTENDED_VLAN, CONTENDED_REGION, CONTENDED_CIDR);
            }
            for (int i = 0; i < CONTENDED_INSTANCES; i++) {
                Rpc.putInstance(operator, "i-k-" + i, CONTENDED_REGION);
            }
        }
    }

    /**
     * Nearly every request races another on a small pool: dynamic allocations (40%), releases of
     * a random address of the pool (30%), instance deletes (15%) and re-creates (15%). Any answer
     * of the rules is correct; a 5xx is not.
     */
    static HttpLoad.Operation contendedMix(Rpc rpc) {
        return (api, operator) -> {
            java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
            String instance = "i-k-" + random.nextInt(CONTENDED_INSTANCES);
            int roll = random.nextInt(100);
            int status;
            if (roll < 40) {
                status = rpc.call(api, "AllocatePublicIpAddress", Map.of("InstanceId", instance)).status();
            } else if (roll < 70) {
                status = rpc.call(api, "ReleasePublicIpAddress", Map.of("PublicIpAddress", "12.0.0." + (1 + random.nextInt(30)))).status();
            } else if (roll < 85) {
                status = operator.send("DELETE", "/v1/instances/" + instance, null, null).status();
            } else {
                status = Rpc.putInstance(operator, instance, CONTENDED_REGION);
            }
            return status < 500 ? null : "HTTP " + status;
        };
    }

    private static String expect(RawHttp.Response response, int status, String code) {
        return response.status() == status && code.equals(Rpc.code(response)) ? null : "expected " + status + " " + code + ", got " + response;
    }

    /** One scaling row; {@code reference} is the kept-empty /24 measured in the same step. */
    record Scaling(String pool, int occupancyPercent, double medianMs, double p99Ms, Scaling reference) {
    }

    static final class DatabaseResults {
        String name;
        String version;
        final List<Level> levels = new ArrayList<>();
        final List<SchemePair> schemes = new ArrayList<>();
        final List<GroupPair> groups = new ArrayList<>();
        ClosedLoop.Result cycles;
        final List<Scaling> scaling = new ArrayList<>();
        final List<Double> startups = new ArrayList<>();
        double firstStartup;
        double idleRssMiB;
        double loadRssMiB;
    }

    /** The stages to run (PUBLICIP_BENCH_STAGES, comma-separated; all but soak by default): limit, own, http, floor, schemes, group, soak, cycles, scaling. */
    static final String ALL_STAGES = "limit,own,http,floor,schemes,group,cycles,scaling";
    static final Set<String> STAGES = Set.of(System.getenv().getOrDefault("PUBLICIP_BENCH_STAGES", ALL_STAGES).split(","));

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "server/target/publicip-server.jar");
        Path out = Path.of(args.length > 1 ? args[1] : "docs");
        Set<String> only = args.length > 2 ? Set.of(args[2].split(",")) : Set.of("h2", "postgresql");
        Path work = Files.createTempDirectory("publicip-bench-");
        long began = System.nanoTime();
        List<DatabaseResults> all = new ArrayList<>();
        if (only.contains("h2")) {
            all.add(runOn(new Database.H2File(work.resolve("h2")), jar, work.resolve("h2")));
        }
        if (only.contains("postgresql")) {
            if (postgresReachable()) {
                Database pg = new Database.Postgres("bench_" + System.currentTimeMillis());
                try {
                    all.add(runOn(pg, jar, work.resolve("pg")));
                } finally {
                    pg.drop();
                }
            } else {
                System.out.println("PostgreSQL is not reachable on 127.0.0.1:5432: skipped");
            }
        }
        double minutes = (System.nanoTime() - began) / 60e9;
        if (!STAGES.containsAll(Set.of(ALL_STAGES.split(",")))) {
            // a partial run (while profiling, say) prints its figures and leaves docs/ alone
            System.out.println(Report.brief(all));
            if (STAGES.contains("group")) {
                System.out.println(Report.groups(all));
            }
            return;
        }
        String table = Report.markdown(all, minutes);
        System.out.println(table);
        Files.createDirectories(out);
        Report.plot(all, out.resolve("benchmarks.png"));
        Report.writeInto(out.resolve("benchmarks.md"), table);
        System.out.printf("written to %s and %s (%.1f minutes)%n", out.resolve("benchmarks.md"), out.resolve("benchmarks.png"), minutes);
    }

    static DatabaseResults runOn(Database db, Path jar, Path data) throws Exception {
        Files.createDirectories(data);
        Path log = data.resolve("server.log");
        DatabaseResults results = new DatabaseResults();
        results.name = db.name();
        say(db, "first start: migrations and pools");
        PackagedServer first = BenchmarkServer.start(jar, data, db.serverEnvironment(), log, serverOptions(data.resolve("publicip-server.jsa"), true));
        results.firstStartup = first.startupSeconds();
        try (PackagedServer server = first; RawHttp operator = new RawHttp("127.0.0.1", server.operatorPort())) {
            Rpc.createVlan(operator, LOAD_VLAN, "load", LOAD_CIDR);
            for (int v = 0; v < 10; v++) {
                Rpc.createVlan(operator, 1100 + v, "cycle", "11.7." + v + ".0/24");
            }
            for (Object[] pool : SCALING_POOLS) {
                Rpc.createVlan(operator, (Integer) pool[0], "scale", (String) pool[1]);
            }
            Rpc.createVlan(operator, (Integer) EMPTY_REFERENCE[0], "scale", (String) EMPTY_REFERENCE[1]);
            Thread.sleep(3000);
            results.idleRssMiB = server.rssMiB();
        }
        results.version = db.version();

        say(db, "instances");
        PoolFixture.instances(db, "i-l-", "load", LOAD_INSTANCES);
        PoolFixture.instances(db, "i-o-", "load", OWN_INSTANCES);
        PoolFixture.instances(db, "i-c-", "cycle", CYCLE_CLIENTS);
        PoolFixture.instances(db, "i-s-", "scale", SCALING_SAMPLES + SCALING_WARMUP);
        // the fixtures bypassed the server: start from fresh planner statistics on PostgreSQL
        db.analyze();

        List<ClosedLoop.Result> limits = new ArrayList<>();
        for (int clients : CLIENTS) {
            if (STAGES.contains("limit")) {
                say(db, "simplest INSERT, " + clients + " clients");
                limits.add(JdbcLoad.simplestInsert(db, clients, WARMUP, JDBC_MEASURE));
            } else {
                limits.add(ClosedLoop.Result.NONE);
            }
        }
        say(db, "the service's transaction over JDBC, " + java.util.Arrays.toString(CLIENTS) + " clients");
        List<ClosedLoop.Result> owns = STAGES.contains("own") ? JdbcLoad.ownTransaction(db, CLIENTS, WARMUP, JDBC_MEASURE, "i-o-", OWN_INSTANCES)
                : java.util.Collections.nCopies(CLIENTS.length, ClosedLoop.Result.NONE);
        if (!STAGES.contains("http")) {
            // a partial run without HTTP: its JDBC figures are all it has to say
            for (int i = 0; i < CLIENTS.length; i++) {
                System.out.printf("%3d clients: limit %,.0f/s %s %.1f KB | own %,.0f/s %s %.1f KB%n", CLIENTS[i], limits.get(i).perSecond(),
                        limits.get(i).cpuMs(), limits.get(i).writtenKb(), owns.get(i).perSecond(), owns.get(i).cpuMs(), owns.get(i).writtenKb());
            }
        }

        // one shared counter: every allocation is for an instance that has none
        AtomicLong next = new AtomicLong();
        Set<String> handedOut = ConcurrentHashMap.newKeySet();
        try (PackagedServer server = start(jar, data, db, log, results)) {
            Rpc rpc = Rpc.against(server);
            java.util.function.Function<Boolean, HttpLoad.Operation> allocateFreshSigned = acs3 -> allocateFresh(rpc, next, handedOut, acs3);
            // signed as today's SDKs sign by default (ACS3-HMAC-SHA256); the schemes stage compares V1
            HttpLoad.Operation allocateFresh = allocateFreshSigned.apply(true);
            // each stage runs when asked for (PUBLICIP_BENCH_STAGES), so that one can be measured alone
            if (STAGES.contains("http")) {
                say(db, "HTTP warm-up");
                HttpLoad.run(server, db, 8, 0, SERVER_WARMUP, allocateFresh);
                for (int i = 0; i < CLIENTS.length; i++) {
                    say(db, "HTTP allocations, " + CLIENTS[i] + " clients");
                    ClosedLoop.Result http = HttpLoad.run(server, db, CLIENTS[i], WARMUP, MEASURE, allocateFresh);
                    results.levels.add(new Level(CLIENTS[i], http, limits.get(i), owns.get(i), ClosedLoop.Result.NONE));
                    results.loadRssMiB = Math.max(results.loadRssMiB, http.peakRssMiB());
                }
            }
            if (STAGES.contains("schemes")) {
                // the same allocation signed as the legacy SDKs sign (V1) and as today's do (ACS3),
                // in alternating pairs so that both meet the same moments of a noisy machine
                say(db, "signature schemes: V1 and ACS3 allocations, 16 clients, " + SCHEME_PAIRS + " alternating pairs");
                HttpLoad.run(server, db, 16, 0, WARMUP, allocateFreshSigned.apply(true));
                for (int i = 0; i < SCHEME_PAIRS; i++) {
                    ClosedLoop.Result v1 = HttpLoad.run(server, db, 16, WARMUP, SCHEME_MEASURE, allocateFreshSigned.apply(false));
                    ClosedLoop.Result acs3 = HttpLoad.run(server, db, 16, WARMUP, SCHEME_MEASURE, allocateFreshSigned.apply(true));
                    results.schemes.add(new SchemePair(v1, acs3));
                }
            }
            if (STAGES.contains("soak")) {
                // not in the full run: fresh allocations for minutes, to watch the server's RSS and its database grow
                say(db, "soak: fresh allocations at 16 clients for " + SOAK_SECONDS + " s");
                ClosedLoop.Result soak = HttpLoad.run(server, db, 16, WARMUP, SOAK_SECONDS, allocateFresh);
                say(db, String.format(java.util.Locale.ROOT, "soak: %.0f allocations/s, p99 %.2f ms, errors %s, peak RSS %.0f MiB",
                        soak.correct() / soak.seconds(), soak.latencies().millis(0.99), soak.errors(), soak.peakRssMiB()));
            }
            if (STAGES.contains("cycles")) {
                say(db, "allocate/release cycles");
                results.cycles = HttpLoad.run(server, db, CYCLE_CLIENTS, WARMUP, CYCLE_MEASURE, allocateAndRelease(rpc));
                results.loadRssMiB = Math.max(results.loadRssMiB, results.cycles.peakRssMiB());
            }
        }
        if (STAGES.contains("group")) {
            // the same allocations committed each alone and in groups, on a server started for
            // each half, in alternating pairs so that both meet the same moments of a noisy machine
            say(db, "group commit: each kind of request with group commit off and on, 16 clients, " + GROUP_PAIRS + " alternating pairs");
            for (int i = 0; i < GROUP_PAIRS; i++) {
                List<ClosedLoop.Result> alone = groupHalf(jar, data, db, log, "0", next, handedOut);
                List<ClosedLoop.Result> grouped = groupHalf(jar, data, db, log, GROUP_WRITERS, next, handedOut);
                for (int k = 0; k < GROUP_KINDS.size(); k++) {
                    results.groups.add(new GroupPair(GROUP_KINDS.get(k), alone.get(k), grouped.get(k)));
                }
            }
        }
        if (STAGES.contains("floor")) {
            floor(db, data, results);
        }
        if (!STAGES.contains("scaling")) {
            return results;
        }
        // every occupancy on a restarted, settled server alike: rows run on the server the HTTP
        // stage had warmed would look better than the rest only for that
        for (int[] step : new int[][]{{0, -1}, {50, 0}, {99, 1}}) {
            if (step[0] > 0) {
                say(db, "filling the scaling pools to " + step[0] + "%");
                for (Object[] pool : SCALING_POOLS) {
                    // 50%: the even addresses; 99%: all but those ending in ...01 of each hundred
                    PoolFixture.hold(db, (Integer) pool[0], step[1] == 0 ? "MOD(x.a, 2) = 0" : "MOD(x.a, 2) = 1 AND MOD(x.a, 100) <> 1");
                }
                db.analyze();
            }
            try (PackagedServer server = start(jar, data, db, log, results)) {
                Rpc rpc = Rpc.against(server);
                settle(server, db, rpc);
                scaling(server, rpc, step[0], results);
            }
        }
        return results;
    }

    /**
     * The HTTP floor at every concurrency level, with the service stopped: one durable INSERT of
     * a unique row per request, behind the JDK's HTTP server, with the server's pool size and the
     * same load generator. Its figures go beside the service's in each level.
     */
    static void floor(Database db, Path data, DatabaseResults results) throws Exception {
        try (FloorProcess floor = FloorProcess.start(db, data.resolve("floor.log"))) {
            HttpLoad.Operation insert = (api, operator) -> {
                RawHttp.Response r = api.send("GET", FloorServer.PATH, null, null);
                return r.status() == 200 ? null : "HTTP " + r.status();
            };
            say(db, "HTTP floor warm-up");
            HttpLoad.run(floor.port(), floor.port(), floor.pid(), floor::rssMiB, db, 8, 0, SERVER_WARMUP, insert);
            List<Level> levels = new ArrayList<>();
            for (int i = 0; i < CLIENTS.length; i++) {
                say(db, "HTTP floor, " + CLIENTS[i] + " clients");
                ClosedLoop.Result measured = HttpLoad.run(floor.port(), floor.port(), floor.pid(), floor::rssMiB, db, CLIENTS[i], WARMUP, MEASURE, insert);
                int clients = CLIENTS[i];
                Level service = results.levels.stream().filter(l -> l.clients() == clients).findFirst()
                        .orElse(new Level(clients, ClosedLoop.Result.NONE, ClosedLoop.Result.NONE, ClosedLoop.Result.NONE, ClosedLoop.Result.NONE));
                levels.add(new Level(clients, service.http(), service.limit(), service.own(), measured));
            }
            results.levels.clear();
            results.levels.addAll(levels);
        }
    }

    /**
     * Brings a restarted server past its start-up reconciliation (1 s after start here, see
     * BenchmarkServer; it scans every allocation, which takes a while on a large, full pool) and
     * warms its JIT, so that every occupancy step meets the same kind of server: the scaling
     * ratios then compare pools, not a cold JVM with a warm one.
     */
    static void settle(PackagedServer server, Database db, Rpc rpc) throws Exception {
        say(db, String.format(java.util.Locale.ROOT, "start-up reconciliation took %.1f s", awaitReconciliation(server)));
        HttpLoad.run(server, db, 8, 0, SETTLE_WARMUP, allocateAndRelease(rpc));
        // the load above allocates by region; the scaling rows name a VLAN, a path of its own
        try (RawHttp api = new RawHttp("127.0.0.1", server.apiPort()); RawHttp operator = new RawHttp("127.0.0.1", server.operatorPort())) {
            allocations(api, operator, rpc, EMPTY_REFERENCE, 0, null);
        }
    }

    /** Waits for the server's first reconciliation pass to end, as its metrics tell; the seconds it took. */
    static double awaitReconciliation(PackagedServer server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        try (RawHttp operator = new RawHttp("127.0.0.1", server.operatorPort())) {
            while (System.nanoTime() < deadline) {
                String metrics = operator.send("GET", "/prometheus", null, null).body();
                if (metric(metrics, "publicip_reconciliation_seconds_count") >= 1) {
                    return metric(metrics, "publicip_reconciliation_seconds_sum");
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the server's reconciliation did not finish within 3 minutes");
    }

    /** An untagged metric's value in Prometheus's text format; 0 when absent. */
    private static double metric(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " ")).mapToDouble(line -> Double.parseDouble(line.substring(name.length() + 1)))
                .findFirst().orElse(0);
    }

    /** One allocate/release cycle on the small pools, each client with an instance of its own (i-c-0, i-c-1, ...). */
    static HttpLoad.Operation allocateAndRelease(Rpc rpc) {
        AtomicLong clientIds = new AtomicLong();
        ThreadLocal<String> instance = ThreadLocal.withInitial(() -> "i-c-" + clientIds.getAndIncrement());
        return (api, operator) -> {
            RawHttp.Response r = api.send("GET", rpc.allocation(instance.get(), null), null, null);
            String address = Rpc.address(r);
            if (address == null) {
                return Rpc.code(r);
            }
            return Rpc.release(operator, address) ? null : "release failed";
        };
    }

    /**
     * Sequential allocations (each released again, untimed) from each scaling pool, and from
     * the kept-empty /24 before each pool, so that the pool and its reference meet the same
     * moment of a noisy machine.
     */
    static void scaling(PackagedServer server, Rpc rpc, int occupancy, DatabaseResults results) throws Exception {
        try (RawHttp api = new RawHttp("127.0.0.1", server.apiPort()); RawHttp operator = new RawHttp("127.0.0.1", server.operatorPort())) {
            for (Object[] pool : SCALING_POOLS) {
                Scaling reference = allocations(api, operator, rpc, EMPTY_REFERENCE, occupancy, null);
                results.scaling.add(allocations(api, operator, rpc, pool, occupancy, reference));
                results.loadRssMiB = Math.max(results.loadRssMiB, server.rssMiB());
            }
        }
    }

    private static Scaling allocations(RawHttp api, RawHttp operator, Rpc rpc, Object[] pool, int occupancy, Scaling reference) throws Exception {
        Latencies latencies = new Latencies();
        for (int i = 0; i < SCALING_WARMUP + SCALING_SAMPLES; i++) {
            String query = rpc.allocation("i-s-" + i, (Integer) pool[0]);
            long start = System.nanoTime();
            RawHttp.Response r = api.send("GET", query, null, null);
            long took = System.nanoTime() - start;
            String address = Rpc.address(r);
            if (address == null) {
                throw new IllegalStateException("allocation from " + pool[2] + " at " + occupancy + "% failed: " + r);
            }
            if (i >= SCALING_WARMUP) {
                latencies.add(took);
            }
            if (!Rpc.release(operator, address)) {
                throw new IllegalStateException("release of " + address + " failed");
            }
        }
        Latencies sorted = Latencies.merge(List.of(latencies));
        return new Scaling((String) pool[2], occupancy, sorted.millis(0.5), sorted.millis(0.99), reference);
    }

    static PackagedServer start(Path jar, Path data, Database db, Path log, DatabaseResults results) throws Exception {
        PackagedServer server = BenchmarkServer.start(jar, data, db.serverEnvironment(), log, serverOptions(data.resolve("publicip-server.jsa"), false));
        results.startups.add(server.startupSeconds());
        return server;
    }

    static void say(Database db, String what) {
        System.out.printf("[%s %s] %s%n", java.time.LocalTime.now().withNano(0), db.name(), what);
    }

    static boolean postgresReachable() {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }

    static Map<String, String> machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        String memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB").orElse("unknown");
        return Map.of("cpu", Runtime.getRuntime().availableProcessors() + " x " + cpu, "memory", memory,
                "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }
}
