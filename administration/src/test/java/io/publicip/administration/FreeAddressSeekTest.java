package io.publicip.administration;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.annotation.Transactional;
import io.publicip.allocation.AddressRange;
import io.publicip.administration.inventory.Inventory;
import io.publicip.administration.pool.PoolAdministration;
import io.publicip.persistence.pool.PoolRepository;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finding a free address reads a few index entries, not the pool: checked with the database's
 * own plan and row counts (not timings) on a /16 whose lowest 99% is held, where a scan would
 * read hundreds of full blocks and tens of thousands of allocations.
 */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FreeAddressSeekTest {

    static final AddressRange SLASH_16 = AddressRange.parse("100.64.0.0/16");

    @Inject
    Inventory inventory;
    @Inject
    Fill fill;
    @Inject
    JdbcOperations jdbc;

    @BeforeAll
    void ninetyNinePercentFull() {
        inventory.clear();
        fill.createAndFill(SLASH_16, 0.99);
    }

    @Test
    void seeksReadAFewRowsWhereverTheyStart() {
        long low = SLASH_16.firstUsable().value();
        for (long start : new long[]{low, low + 20_000, low + 40_000, low + 65_000}) {
            assertReads(PoolRepository.FREE_BLOCK_IN_VLAN.replace(":vlanId", "7").replace(":from", Long.toString(start)), 2);
            assertReads(PoolRepository.FREE_BLOCK_IN_REGION.replace(":regionId", "'scale'").replace(":from", Long.toString(start)), 2);
        }
        // then the holders of the chosen block: one block's worth of primary key entries at most
        long partlyFull = low + 253L * 256;
        assertReads(PoolRepository.HELD_IN_BLOCK.replace(":first", Long.toString(partlyFull)).replace(":last", Long.toString(partlyFull + 255)), 257);
    }

    void assertReads(String sql, long most) {
        String product = fill.databaseProduct();
        String plan = fill.explain(product.contains("H2") ? "EXPLAIN ANALYZE " + sql : "EXPLAIN (ANALYZE, FORMAT TEXT) " + sql);
        if (product.contains("H2")) {
            Matcher m = Pattern.compile("scanCount: (\\d+)").matcher(plan);
            assertTrue(m.find(), plan);
            assertTrue(Long.parseLong(m.group(1)) <= most, "rows read: " + m.group(1) + "\n" + plan);
        } else {
            assertTrue(plan.contains("Index"), plan);
            assertFalse(plan.contains("Seq Scan"), plan);
            assertFalse(plan.contains("Sort"), plan);
            Matcher removed = Pattern.compile("Rows Removed by Filter: (\\d+)").matcher(plan);
            assertTrue(!removed.find() || Long.parseLong(removed.group(1)) <= most, plan);
        }
    }

    /** Builds the pool through the administration code, then marks 99% of it held (spread evenly). */
    @Singleton
    static class Fill {
        @Inject
        PoolAdministration pools;
        @Inject
        JdbcOperations jdbc;

        @Transactional
        void createAndFill(AddressRange range, double share) {
            pools.createVlan(7, "scale", List.of(range));
            long count = range.usableCount();
            long held = (long) (count * share);
            jdbc.prepareStatement("INSERT INTO instance (instance_id, region_id, status, network_type, internet_max_bandwidth_out, "
                    + "charge_type, in_arrears, operation_locks) VALUES (?, 'scale', 'Running', 'classic', 5, 'PostPaid', FALSE, '')", ps -> {
                for (long i = 0; i < held; i++) {
                    ps.setString(1, "i-scale-" + i);
                    ps.addBatch();
                }
                return ps.executeBatch();
            });
            Timestamp now = Timestamp.from(Instant.now());
            jdbc.prepareStatement("INSERT INTO allocation (address, block_address, vlan_id, region_id, instance_id, allocated_at, in_effect) "
                    + "VALUES (?, ?, 7, 'scale', ?, ?, FALSE)", ps -> {
                long low = range.firstUsable().value();
                for (long i = 0; i < held; i++) {
                    // the lowest 99%: every block below the top few is full
                    ps.setLong(1, low + i);
                    ps.setLong(2, low + (i / 256) * 256);
                    ps.setString(3, "i-scale-" + i);
                    ps.setTimestamp(4, now);
                    ps.addBatch();
                }
                return ps.executeBatch();
            });
            pools.recount();
            jdbc.prepareStatement("ANALYZE", ps -> ps.execute());
        }

        @Transactional
        String databaseProduct() {
            return jdbc.execute(connection -> connection.getMetaData().getDatabaseProductName());
        }

        @Transactional
        String explain(String sql) {
            return jdbc.prepareStatement(sql, ps -> {
                StringBuilder plan = new StringBuilder();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                return plan.toString();
            });
        }
    }
}
