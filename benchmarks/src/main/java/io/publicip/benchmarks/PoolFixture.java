package io.publicip.benchmarks;

import io.publicip.persistence.pool.PoolRepository;

import java.sql.SQLException;

/**
 * Bulk fixtures written straight into the schema while the server is stopped: a million
 * instances and allocations through the API would take longer than the benchmark itself.
 * Allocations come with their gateway bindings and the counters the server keeps, so the
 * server finds a consistent pool (its reconciliation would say otherwise).
 */
final class PoolFixture {

    private static final String INSTANCE_COLUMNS = "instance_id, region_id, zone_id, status, network_type, eip_address, "
            + "internet_max_bandwidth_out, charge_type, expired_time, in_arrears, operation_locks";

    private PoolFixture() {
    }

    /** Instances prefix0 .. prefix(count-1) of the region, running, classic, allocatable. */
    static void instances(Database db, String prefix, String region, long count) throws SQLException {
        JdbcLoad.execute(db, "INSERT INTO instance (" + INSTANCE_COLUMNS + ") SELECT '" + prefix + "' || CAST(g.n AS VARCHAR(20)), '"
                + region + "', NULL, 'Running', 'classic', NULL, 5, 'PostPaid', NULL, FALSE, '' FROM " + db.numbers(count - 1) + " g");
    }

    /**
     * Holds every address of the VLAN for which {@code predicate} (over the address {@code a})
     * holds, each by an instance of its own, then recounts the VLAN's blocks and usage.
     */
    static void hold(Database db, int vlanId, String predicate) throws SQLException {
        String addresses = "SELECT b.first_address + g.n AS a, b.first_address AS block, b.vlan_id, b.region_id FROM address_block b CROSS JOIN "
                + db.numbers(255) + " g WHERE b.vlan_id = " + vlanId + " AND b.first_address + g.n <= b.last_address";
        String chosen = "SELECT * FROM (" + addresses + ") x WHERE " + predicate;
        String holder = "'f-' || CAST(x.a AS VARCHAR(20))";
        JdbcLoad.execute(db,
                "INSERT INTO instance (" + INSTANCE_COLUMNS + ") SELECT " + holder + ", x.region_id, NULL, 'Running', 'classic', NULL, 5, "
                        + "'PostPaid', NULL, FALSE, '' FROM (" + chosen + ") x",
                "INSERT INTO allocation (address, block_address, vlan_id, region_id, instance_id, allocated_at, in_effect) "
                        + "SELECT x.a, x.block, x.vlan_id, x.region_id, " + holder + ", CURRENT_TIMESTAMP, TRUE FROM (" + chosen + ") x",
                "INSERT INTO gateway_binding (address, instance_id, bound_at) SELECT x.a, " + holder + ", CURRENT_TIMESTAMP FROM (" + chosen + ") x",
                PoolRepository.RECOUNT_BLOCKS + " WHERE vlan_id = " + vlanId,
                PoolRepository.RECOUNT_USAGE + " WHERE vlan_id = " + vlanId);
    }
}
