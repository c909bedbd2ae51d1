package io.publicip.benchmarks;

import io.micronaut.context.ApplicationContext;
import io.publicip.allocation.AllocationRequest;
import io.micronaut.transaction.TransactionOperations;
import io.publicip.allocation.PublicIpAllocator;
import io.publicip.persistence.accesskey.NonceLedger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The yardsticks, straight over JDBC in this process, at the same concurrency as the HTTP load:
 * the simplest durable allocation (one INSERT into a table with a unique key on the address, one
 * transaction each) and the service's own allocation transaction (PublicIpAllocator over the
 * persistence module's JDBC adapters, without HTTP, protocol or signature).
 */
final class JdbcLoad {

    /** The simplest durable allocation: INSERT one row keyed by a fresh address, autocommit, one connection per client. */
    static ClosedLoop.Result simplestInsert(Database database, int clients, double warmup, double measure) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_limit");
            s.execute("CREATE TABLE bench_limit (address BIGINT NOT NULL PRIMARY KEY, instance_id VARCHAR(64) NOT NULL)");
        }
        List<Connection> connections = new ArrayList<>();
        List<PreparedStatement> inserts = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                Connection c = database.connect();
                c.setAutoCommit(true);
                connections.add(c);
                inserts.add(c.prepareStatement("INSERT INTO bench_limit (address, instance_id) VALUES (?, ?)"));
            }
            return ClosedLoop.run(clients, warmup, measure, () -> Double.NaN, CpuMeter.of(database, null), (client, n) -> {
                // a fresh address each time, scattered over the key space as random ones would be
                long address = (n * 2654435761L) & 0xFFFFFFFFL;
                PreparedStatement insert = inserts.get(client);
                insert.setLong(1, address);
                insert.setString(2, "i-limit-" + n);
                return insert.executeUpdate() == 1 ? null : "not inserted";
            });
        } finally {
            for (Connection c : connections) {
                c.close();
            }
            try (Connection c = database.connect(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE bench_limit");
            }
        }
    }

    /**
     * Whether the service's transaction also records a signature nonce, as a signed request's does
     * (PUBLICIP_BENCH_OWN_NONCE=true): run the own stage with and without it to see what the
     * nonce ledger costs per request.
     */
    static final boolean WITH_NONCE = Boolean.parseBoolean(System.getenv().getOrDefault("PUBLICIP_BENCH_OWN_NONCE", "false"));

    /**
     * The service's allocation transaction, in this process, on the server's database (the server
     * stopped), at each concurrency in turn; every allocation is for an instance without one.
     */
    static List<ClosedLoop.Result> ownTransaction(Database database, int[] clients, double warmup, double measure, String instancePrefix,
                                                long instances) throws InterruptedException {
        Map<String, Object> config = new TreeMap<>();
        config.put("datasources.default.url", database.jdbcUrl());
        config.put("datasources.default.username", database.user());
        config.put("datasources.default.password", "");
        config.put("datasources.default.maximum-pool-size", 16);
        config.put("flyway.datasources.default.enabled", true);
        config.put("publicip.repair.initial-delay", "1h");
        // each allocation commits alone here: the yardstick is one request's transaction
        config.put("publicip.group-commit.writers", 0);
        List<ClosedLoop.Result> results = new ArrayList<>();
        AtomicLong next = new AtomicLong();
        try (ApplicationContext context = ApplicationContext.builder().properties(config).deduceEnvironment(false).start()) {
            PublicIpAllocator allocator = context.getBean(PublicIpAllocator.class);
            @SuppressWarnings("unchecked")
            TransactionOperations<Connection> transactions = context.getBean(TransactionOperations.class);
            NonceLedger nonces = context.getBean(NonceLedger.class);
            for (int n : clients) {
                results.add(ClosedLoop.run(n, warmup, measure, () -> Double.NaN, CpuMeter.of(database, null), (client, ignored) -> {
                    long i = next.getAndIncrement();
                    if (i >= instances) {
                        return ClosedLoop.EXHAUSTED;
                    }
                    AllocationRequest request = new AllocationRequest(instancePrefix + i, null, null, null);
                    if (WITH_NONCE) {
                        nonces.recordWith("bench-key", instancePrefix + i, () -> allocator.allocate(request));
                    } else {
                        transactions.executeWrite(status -> allocator.allocate(request));
                    }
                    return null;
                }));
            }
        }
        return results;
    }

    static void execute(Database database, String... statements) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
