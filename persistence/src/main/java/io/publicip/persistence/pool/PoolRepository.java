package io.publicip.persistence.pool;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The pool's queries. Each reads or writes a handful of index entries (a block's addresses at
 * most), whatever the size or fill of the pool; the SQL is the same on H2 and PostgreSQL.
 */
@JdbcRepository(dialect = Dialect.ANSI)
public interface PoolRepository extends GenericRepository<BlockRow, Long> {

    /** Seeks for a block with a free address; the ORDER BY follows the index so that nothing is sorted. */
    String FREE_BLOCK_IN_VLAN = "SELECT first_address, last_address, vlan_id, region_id FROM address_block "
            + "WHERE vlan_id = :vlanId AND has_free = TRUE AND first_address >= :from "
            + "ORDER BY vlan_id, has_free, first_address FETCH FIRST 1 ROWS ONLY";
    String FREE_BLOCK_IN_REGION = "SELECT first_address, last_address, vlan_id, region_id FROM address_block "
            + "WHERE region_id = :regionId AND has_free = TRUE AND first_address >= :from "
            + "ORDER BY region_id, has_free, first_address FETCH FIRST 1 ROWS ONLY";
    /**
     * Sets blocks' free counts from their allocations (add a WHERE for which blocks). Each block
     * counts a range of the allocation's primary key: block_address has no index, so a count by
     * it would scan every allocation once per block.
     */
    String RECOUNT_BLOCKS = "UPDATE address_block SET "
            + "free_count = last_address - first_address + 1 - (SELECT COUNT(*) FROM allocation a "
            + "WHERE a.address BETWEEN address_block.first_address AND address_block.last_address), "
            + "has_free = (last_address - first_address + 1 - (SELECT COUNT(*) FROM allocation a "
            + "WHERE a.address BETWEEN address_block.first_address AND address_block.last_address) > 0)";
    /** Sets VLANs' usage from their allocations: all on stripe 0 (add a WHERE for which VLANs). */
    String RECOUNT_USAGE = "UPDATE vlan_usage SET allocated = CASE WHEN stripe = 0 THEN (SELECT COUNT(*) FROM allocation a "
            + "WHERE a.vlan_id = vlan_usage.vlan_id) ELSE 0 END";
    /** The addresses held in one block: a primary key range of 256 entries at most. */
    String HELD_IN_BLOCK = "SELECT address FROM allocation WHERE address BETWEEN :first AND :last ORDER BY address";

    @Query("SELECT COUNT(*) > 0 FROM vlan WHERE vlan_id = :vlanId AND region_id = :regionId")
    boolean existsVlan(int vlanId, String regionId);

    /** The block whose first address is the highest at or below the address (it may end before it). */
    @Query("SELECT first_address, last_address, vlan_id, region_id FROM address_block WHERE first_address <= :address "
            + "ORDER BY first_address DESC FETCH FIRST 1 ROWS ONLY")
    Optional<BlockRow> findBlockAtOrBelow(long address);

    @Query(FREE_BLOCK_IN_VLAN)
    Optional<BlockRow> findFreeBlockInVlan(int vlanId, long from);

    @Query(FREE_BLOCK_IN_REGION)
    Optional<BlockRow> findFreeBlockInRegion(String regionId, long from);

    /**
     * Takes one free place in the block and holds the block's row lock until the transaction
     * ends; 0 rows when the block is full. Every allocation and release of the block's
     * addresses goes through this row first, so they are decided one after the other.
     */
    @Query("UPDATE address_block SET free_count = free_count - 1, has_free = (free_count > 1) "
            + "WHERE first_address = :block AND free_count > 0")
    int updateTakeFromBlock(long block);

    /**
     * As {@link #updateTakeFromBlock}, for a block known from its VLAN's ranges rather than read:
     * 0 rows also when the block is not that (a VLAN deleted or changed since its ranges were
     * read), so that a block taken this way is always the one the caller describes.
     */
    @Query("UPDATE address_block SET free_count = free_count - 1, has_free = (free_count > 1) "
            + "WHERE first_address = :first AND last_address = :last AND vlan_id = :vlanId AND region_id = :regionId AND free_count > 0")
    int updateTakeFromKnownBlock(long first, long last, int vlanId, String regionId);

    @Query("UPDATE address_block SET free_count = free_count + 1, has_free = TRUE WHERE first_address = :block")
    int updateReturnToBlock(long block);

    /** Locks the block's row without writing it. */
    @Query("SELECT first_address FROM address_block WHERE first_address = :block FOR UPDATE")
    List<Long> lockBlock(long block);

    @Query(HELD_IN_BLOCK)
    List<Long> findHeldInBlock(long first, long last);

    @Query("SELECT COUNT(*) > 0 FROM allocation WHERE address = :address")
    boolean existsAllocation(long address);

    @Query("INSERT INTO allocation (address, block_address, vlan_id, region_id, instance_id, allocated_at, in_effect) "
            + "VALUES (:address, :block, :vlanId, :regionId, :instanceId, :at, FALSE)")
    void insertAllocation(long address, long block, int vlanId, String regionId, String instanceId, Instant at);

    /** The block of a held address, read from its allocation; empty when the address is free. */
    @Query("SELECT b.first_address, b.last_address, b.vlan_id, b.region_id FROM allocation a "
            + "JOIN address_block b ON b.first_address = a.block_address WHERE a.address = :address")
    Optional<BlockRow> findBlockOfAllocation(long address);

    @Query("DELETE FROM allocation WHERE address = :address AND instance_id = :instanceId")
    int deleteAllocationHeldBy(long address, String instanceId);

    @Query("SELECT instance_id FROM allocation WHERE address = :address")
    List<String> findHolder(long address);

    /** Adds to one stripe of the VLAN's usage counter. */
    @Query("UPDATE vlan_usage SET allocated = allocated + :delta WHERE vlan_id = :vlanId AND stripe = :stripe")
    int updateUsage(int vlanId, int delta, int stripe);

    @Query("SELECT first_address AS low, last_address AS high, vlan_id FROM vlan_range WHERE vlan_id = :vlanId")
    List<AddressSpan> findRangesOfVlan(int vlanId);

    @Query("SELECT r.first_address AS low, r.last_address AS high, r.vlan_id FROM vlan_range r "
            + "JOIN vlan v ON v.vlan_id = r.vlan_id WHERE v.region_id = :regionId")
    List<AddressSpan> findRangesOfRegion(String regionId);
}
