package io.publicip.persistence.repair;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import io.publicip.persistence.LockOrder;
import io.publicip.persistence.retry.TransactionRetry;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds state that no allocation should leave behind and repairs it, at start-up and then
 * periodically: a gateway binding without its allocation is removed, an allocation without its
 * binding is bound again (it was acknowledged), and a block whose free count disagrees with its
 * allocations is recounted under its own lock. Every statement reads one consistent snapshot, so
 * an allocation in flight is never mistaken for a leak.
 */
@Singleton
public class Reconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

    private final JdbcOperations jdbc;
    private final AtomicLong repairs = new AtomicLong();
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong passNanos = new AtomicLong();

    private final TransactionOperations<Connection> transactions;
    private final TransactionRetry retry;
    private final LockOrder locks;

    public Reconciliation(JdbcOperations jdbc, TransactionOperations<Connection> transactions, TransactionRetry retry, LockOrder locks) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.retry = retry;
        this.locks = locks;
    }

    /** Repairs counted since start-up. */
    public long repairsSinceStart() {
        return repairs.get();
    }

    /** Scheduled passes completed since start-up (each a scan of every allocation and binding). */
    public long passesSinceStart() {
        return passes.get();
    }

    /** The time those passes took, in all, in seconds: on a large pool, what the scan costs. */
    public double passSecondsSinceStart() {
        return passNanos.get() / 1e9;
    }

    // publicip.repair.*: a schedule is read from its annotation, so these defaults are written here only
    @Scheduled(fixedDelay = "${publicip.repair.interval:5m}", initialDelay = "${publicip.repair.initial-delay:5s}")
    void scheduled() {
        try {
            long start = System.nanoTime();
            runOnce();
            passNanos.addAndGet(System.nanoTime() - start);
            passes.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.warn("Reconciliation pass failed, will try again: {}", e.toString());
        }
    }

    /**
     * One pass. Candidates are found without locks; each is then repaired in a transaction of
     * its own, under its block's lock (the lock order's step 3), and only if it is still wrong
     * there: an allocation or release in flight holds that lock, so it is waited for, never
     * mistaken for a leak.
     */
    public RepairReport runOnce() {
        int removed = 0;
        for (long address : addresses(ORPHANED)) {
            removed += underBlockOf(address, () -> update("DELETE FROM gateway_binding WHERE address = " + address
                    + " AND NOT EXISTS (SELECT 1 FROM allocation a WHERE a.address = gateway_binding.address "
                    + "AND a.instance_id = gateway_binding.instance_id)"));
        }
        int restored = 0;
        for (long address : addresses("SELECT address FROM allocation a WHERE NOT EXISTS (SELECT 1 FROM gateway_binding b "
                + "WHERE b.address = a.address)")) {
            restored += underBlockOf(address, () -> update("INSERT INTO gateway_binding (address, instance_id, bound_at) "
                    + "SELECT a.address, a.instance_id, a.allocated_at FROM allocation a WHERE a.address = " + address
                    + " AND NOT EXISTS (SELECT 1 FROM gateway_binding b WHERE b.address = a.address OR b.instance_id = a.instance_id)"));
        }
        int recounted = 0;
        for (long block : read(this::driftedBlocks)) {
            recounted += retry.run(() -> transactions.executeWrite(status -> locks.block(block) ? recount(block) : 0));
        }
        RepairReport report = new RepairReport(removed, restored, recounted);
        if (report.fixedAnything()) {
            repairs.addAndGet((long) removed + restored + recounted);
            LOG.warn("Reconciliation repaired {} gateway bindings without an allocation, {} allocations without a binding, {} block counts",
                    removed, restored, recounted);
        }
        return report;
    }

    private static final String UNBOUND = "SELECT address FROM allocation a WHERE NOT EXISTS (SELECT 1 FROM gateway_binding b "
            + "WHERE b.address = a.address AND b.instance_id = a.instance_id)";
    private static final String ORPHANED = "SELECT address FROM gateway_binding b WHERE NOT EXISTS (SELECT 1 FROM allocation a "
            + "WHERE a.address = b.address AND a.instance_id = b.instance_id)";
    /** A block whose free count is not its free addresses (add a condition on b for which). */
    private static final String DRIFTED_BLOCK = "SELECT b.first_address FROM address_block b WHERE b.free_count <> "
            + "b.last_address - b.first_address + 1 - (SELECT COUNT(*) FROM allocation a WHERE a.address BETWEEN b.first_address AND b.last_address)";
    private static final String MISCOUNTED_VLANS = "SELECT v.vlan_id FROM vlan v WHERE (SELECT COALESCE(SUM(u.allocated), 0) "
            + "FROM vlan_usage u WHERE u.vlan_id = v.vlan_id) <> (SELECT COUNT(*) FROM allocation a WHERE a.vlan_id = v.vlan_id)";

    /**
     * Checks the invariants, changing nothing. Candidates are read without locks, then each is
     * confirmed under the lock that orders its changes (its block's, or every block of its VLAN,
     * in the lock order), so that a change in flight, or a database whose statement does not
     * read one snapshot throughout, is never reported as a violation, and a real one always is.
     */
    public Audit audit() {
        long[] totals = read(() -> jdbc.prepareStatement(
                "SELECT (SELECT COUNT(*) FROM allocation), (SELECT COUNT(*) FROM gateway_binding)", ps -> {
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return new long[]{rs.getLong(1), rs.getLong(2)};
                    }
                }));
        long unbound = addresses(UNBOUND).stream()
                .filter(address -> confirmed(() -> locks.blockOf(address), UNBOUND + " AND a.address = " + address)).count();
        long orphaned = addresses(ORPHANED).stream()
                .filter(address -> confirmed(() -> locks.blockOf(address), ORPHANED + " AND b.address = " + address)).count();
        long blocks = read(this::driftedBlocks).stream()
                .filter(block -> confirmed(() -> locks.block(block), DRIFTED_BLOCK + " AND b.first_address = " + block)).count();
        long vlans = addresses(MISCOUNTED_VLANS).stream()
                .filter(vlan -> confirmed(() -> {
                    locks.blocksOfVlan(vlan.intValue());
                    return true;
                }, MISCOUNTED_VLANS + " AND v.vlan_id = " + vlan)).count();
        return new Audit(totals[0], totals[1], unbound, orphaned, blocks, vlans);
    }

    /** Whether the query still finds the candidate once the lock is held; the transaction is rolled back. */
    private boolean confirmed(java.util.function.BooleanSupplier lock, String query) {
        return retry.run(() -> transactions.executeWrite(status -> {
            lock.getAsBoolean();
            boolean found = !addressesIn(query).isEmpty();
            status.setRollbackOnly();
            return found;
        }));
    }

    /**
     * Sets the block's free count from its allocations, counted by a statement of its own once
     * the block is locked (a count inside the UPDATE could be read before the lock is granted).
     */
    private int recount(long block) {
        long free = jdbc.prepareStatement("SELECT b.last_address - b.first_address + 1 - (SELECT COUNT(*) FROM allocation a "
                + "WHERE a.address BETWEEN b.first_address AND b.last_address) FROM address_block b WHERE b.first_address = ?", ps -> {
            ps.setLong(1, block);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        return jdbc.prepareStatement("UPDATE address_block SET free_count = ?, has_free = ? WHERE first_address = ? AND free_count <> ?", ps -> {
            ps.setLong(1, free);
            ps.setBoolean(2, free > 0);
            ps.setLong(3, block);
            ps.setLong(4, free);
            return ps.executeUpdate();
        });
    }

    /** Runs the repair of one address in a transaction of its own, under its block's lock when it has one. */
    private int underBlockOf(long address, java.util.function.IntSupplier repair) {
        return retry.run(() -> transactions.executeWrite(status -> {
            locks.blockOf(address);
            return repair.getAsInt();
        }));
    }

    private List<Long> addresses(String sql) {
        return read(() -> addressesIn(sql));
    }

    /** A read-only transaction of its own; at SERIALIZABLE even a read can be aborted, and is tried again. */
    private <T> T read(java.util.function.Supplier<T> work) {
        return retry.run(() -> transactions.executeRead(status -> work.get()));
    }

    private List<Long> addressesIn(String sql) {
        return jdbc.prepareStatement(sql, ps -> {
            List<Long> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getLong(1));
                }
            }
            return found;
        });
    }

    private List<Long> driftedBlocks() {
        // one pass over the allocations, grouped: block_address has no index, so a count per
        // block by a correlated subquery would scan every allocation once per block, which grows
        // with blocks times allocations on a large, full pool
        return jdbc.prepareStatement("SELECT b.first_address FROM address_block b LEFT JOIN "
                + "(SELECT block_address, COUNT(*) AS held FROM allocation GROUP BY block_address) h ON h.block_address = b.first_address "
                + "WHERE b.free_count <> b.last_address - b.first_address + 1 - COALESCE(h.held, 0)", ps -> {
            List<Long> blocks = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    blocks.add(rs.getLong(1));
                }
            }
            return blocks;
        });
    }

    private int update(String sql) {
        return jdbc.prepareStatement(sql, ps -> ps.executeUpdate());
    }
}
