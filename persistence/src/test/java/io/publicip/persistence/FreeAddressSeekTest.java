package io.publicip.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.annotation.Transactional;
import io.publicip.allocation.AddressRange;
import io.publicip.persistence.inventory.Inventory;
import io.publicip.persistence.pool.PoolAdministration;
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
 * Finding a free address reads a couple of index entries, not the pool: checked with the
 * database's own plan and row counts (not timings) on a /16 that is 99% full, where a scan
 * would read tens of thousands of rows.
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
            assertSeek(PoolRepository.FREE_IN_VLAN.replace(":vlanId", "7").replace(":from", Long.toString(start)));
            assertSeek(PoolRepository.FREE_IN_REGION.replace(":regionId", "'scale'").replace(":from", Long.toString(start)));
        }
    }

    void assertSeek(String sql) {
        String product = fill.databaseProduct();
        String plan = fill.explain(product.contains("H2") ? "EXPLAIN ANALYZE " + sql : "EXPLAIN (ANALYZE, FORMAT TEXT) " + sql);
        if (product.contains("H2")) {
            Matcher m = Pattern.compile("scanCount: (\\d+)").matcher(plan);
            assertTrue(m.find(), plan);
            assertTrue(Long.parseLong(m.group(1)) <= 2, "rows read: " + m.group(1) + "\n" + plan);
        } else {
            assertTrue(plan.contains("Index"), plan);
            assertFalse(plan.contains("Seq Scan"), plan);
            assertFalse(plan.contains("Sort"), plan);
            Matcher removed = Pattern.compile("Rows Removed by Filter: (\\d+)").matcher(plan);
            assertTrue(!removed.find() || Long.parseLong(removed.group(1)) <= 2, plan);
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
            jdbc.prepareStatement("UPDATE ip_address SET instance_id = ?, allocated_at = ? WHERE address = ?", ps -> {
                long low = range.firstUsable().value();
                for (long i = 0; i < held; i++) {
                    // spread: every address except one in a hundred
                    long address = low + i + i / 99;
                    ps.setString(1, "i-scale-" + i);
                    ps.setTimestamp(2, now);
                    ps.setLong(3, address);
                    ps.addBatch();
                }
                return ps.executeBatch();
            });
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
