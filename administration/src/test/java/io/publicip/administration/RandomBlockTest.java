package io.publicip.administration;

import io.publicip.persistence.pool.PoolRepository;
import io.publicip.persistence.pool.AddressSpan;
import io.publicip.persistence.pool.BlockRow;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import io.publicip.allocation.AddressRange;
import io.publicip.administration.inventory.Inventory;
import io.publicip.administration.pool.PoolAdministration;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dynamic allocation takes the block of a random address straight from the pool's ranges,
 * without reading it: the block it works out must be a block of the database, exactly, and a
 * description that no longer matches the database (ranges remembered a moment too long) takes
 * nothing.
 */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RandomBlockTest {

    /**
     * The /31 holds 2 of the VLAN's 1,030 addresses: 2,000 draws missed it about one run in fifty
     * (a CI run did); 20,000 expect it 39 times.
     */
    private static final int DRAWS = 20_000;

    @Inject
    Inventory inventory;
    @Inject
    PoolAdministration pools;
    @Inject
    PoolRepository pool;
    @Inject
    JdbcOperations jdbc;
    @Inject
    TransactionOperations<Connection> transactions;

    @BeforeAll
    void vlansOfAwkwardShapes() {
        inventory.clear();
        // a /22 (four whole blocks less network and broadcast, so none starts on a multiple of 256),
        // a /29 (one short block) and a /31 (both addresses usable) in one VLAN; a /23 in another
        pools.createVlan(31, "r-blocks", List.of(AddressRange.parse("10.20.0.0/22"), AddressRange.parse("10.30.0.8/29"),
                AddressRange.parse("10.40.0.0/31")));
        pools.createVlan(32, "r-blocks", List.of(AddressRange.parse("10.50.0.0/23")));
    }

    @Test
    void theBlockOfARandomAddressIsABlockOfTheDatabase() {
        for (int vlan : new int[]{31, 32}) {
            Set<BlockRow> stored = transactions.executeRead(status -> blocks("WHERE vlan_id = " + vlan));
            List<AddressSpan> ranges = transactions.executeRead(status -> pool.findRangesOfVlan(vlan));
            Set<BlockRow> drawn = new HashSet<>();
            for (int i = 0; i < DRAWS; i++) {
                BlockRow block = AddressSpan.randomBlock(ranges, "r-blocks");
                assertTrue(stored.contains(block), block + " is not one of " + stored);
                drawn.add(block);
            }
            assertEquals(stored, drawn, "every block drawn at least once in " + DRAWS + " draws");
        }
        // the region's ranges carry each one's VLAN
        List<AddressSpan> region = transactions.executeRead(status -> pool.findRangesOfRegion("r-blocks"));
        Set<BlockRow> all = transactions.executeRead(status -> blocks("WHERE region_id = 'r-blocks'"));
        for (int i = 0; i < DRAWS; i++) {
            BlockRow block = AddressSpan.randomBlock(region, "r-blocks");
            assertTrue(all.contains(block), block + " is not one of " + all);
        }
    }

    @Test
    void aDescriptionTheDatabaseNoLongerMatchesTakesNothing() {
        BlockRow real = transactions.executeRead(status -> blocks("WHERE vlan_id = 32")).iterator().next();
        List<BlockRow> stale = List.of(
                new BlockRow(real.firstAddress(), real.lastAddress(), real.vlanId(), "another-region"),
                new BlockRow(real.firstAddress(), real.lastAddress(), 31, real.regionId()),
                new BlockRow(real.firstAddress(), real.lastAddress() - 1, real.vlanId(), real.regionId()),
                new BlockRow(real.firstAddress() + 1, real.lastAddress(), real.vlanId(), real.regionId()));
        for (BlockRow block : stale) {
            int taken = transactions.executeWrite(status -> {
                status.setRollbackOnly();
                return pool.updateTakeFromKnownBlock(block.firstAddress(), block.lastAddress(), block.vlanId(), block.regionId());
            });
            assertEquals(0, taken, block.toString());
        }
        int taken = transactions.executeWrite(status -> {
            status.setRollbackOnly();
            return pool.updateTakeFromKnownBlock(real.firstAddress(), real.lastAddress(), real.vlanId(), real.regionId());
        });
        assertEquals(1, taken, "the block as it is");
    }

    private Set<BlockRow> blocks(String where) {
        return jdbc.prepareStatement("SELECT first_address, last_address, vlan_id, region_id FROM address_block " + where, ps -> {
            Set<BlockRow> blocks = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    blocks.add(new BlockRow(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4)));
                }
            }
            return blocks;
        });
    }
}
