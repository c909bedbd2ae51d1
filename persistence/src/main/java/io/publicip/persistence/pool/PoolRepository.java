package io.publicip.persistence.pool;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The pool's queries. Each one reads or writes a handful of index entries, whatever the size
 * or fill of the pool; the SQL is the same on H2 and PostgreSQL.
 */
@JdbcRepository(dialect = Dialect.ANSI)
public interface PoolRepository extends GenericRepository<VlanRow, Integer> {

    /** The seeks for a free address; the ORDER BY follows the index so that no row is sorted. */
    String FREE_IN_VLAN = "SELECT address FROM ip_address WHERE vlan_id = :vlanId AND instance_id IS NULL "
            + "AND address >= :from ORDER BY vlan_id, instance_id, address FETCH FIRST 1 ROWS ONLY";
    String FREE_IN_REGION = "SELECT address FROM ip_address WHERE region_id = :regionId AND instance_id IS NULL "
            + "AND address >= :from ORDER BY region_id, instance_id, address FETCH FIRST 1 ROWS ONLY";

    @Query("SELECT COUNT(*) > 0 FROM vlan WHERE vlan_id = :vlanId AND region_id = :regionId")
    boolean existsVlan(int vlanId, String regionId);

    @Query("SELECT vlan_id FROM ip_address WHERE address = :address AND region_id = :regionId")
    Optional<Integer> findVlanOf(long address, String regionId);

    @Query("SELECT address FROM ip_address WHERE instance_id = :instanceId")
    Optional<Long> findHeldBy(String instanceId);

    /** Takes a free address; 0 rows when it is held already, which decides IpInUse. */
    @Query("UPDATE ip_address SET instance_id = :instanceId, allocated_at = :at WHERE address = :address AND instance_id IS NULL")
    int updateHolder(long address, String instanceId, Instant at);

    @Query("UPDATE ip_address SET instance_id = NULL, allocated_at = NULL WHERE address = :address")
    int updateReleased(long address);

    /**
     * The first free address of the VLAN at or after {@code from}, as committed now. It is a
     * candidate only: {@link #updateHolder} decides whether this transaction gets it. (Not
     * {@code FOR UPDATE}: H2 locks every row matching the condition before the limit applies.)
     */
    @Query(FREE_IN_VLAN)
    Optional<Long> findFreeInVlan(int vlanId, long from);

    /** As {@link #findFreeInVlan}, over every pool of the region. */
    @Query(FREE_IN_REGION)
    Optional<Long> findFreeInRegion(String regionId, long from);

    @Query("SELECT first_address AS low, last_address AS high FROM vlan_range WHERE vlan_id = :vlanId")
    List<AddressSpan> findRangesOfVlan(int vlanId);

    @Query("SELECT r.first_address AS low, r.last_address AS high FROM vlan_range r "
            + "JOIN vlan v ON v.vlan_id = r.vlan_id WHERE v.region_id = :regionId")
    List<AddressSpan> findRangesOfRegion(String regionId);
}
