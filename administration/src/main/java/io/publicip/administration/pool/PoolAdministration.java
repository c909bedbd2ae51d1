package io.publicip.administration.pool;

import io.publicip.persistence.pool.PoolRepository;
import io.publicip.persistence.pool.BlockLayout;
import io.publicip.persistence.pool.UsageStripes;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.publicip.allocation.AddressRange;
import io.publicip.allocation.VlanNumber;
import io.publicip.persistence.LockOrder;
import io.publicip.administration.OperatorRejection;
import io.publicip.persistence.SqlErrors;
import io.publicip.persistence.retry.RetriedTransaction;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * VLANs and their pools. A pool is stored as blocks of up to 256 consecutive usable addresses
 * (a /12 is 4,096 rows), so creating even a large VLAN is quick, and allocation afterwards is
 * an index seek for a block with room plus a look at that block's holders.
 */
@Singleton
@RetriedTransaction // every method: at SERIALIZABLE a read can be aborted too
public class PoolAdministration {

    private static final int BATCH = 1_000;

    private final JdbcOperations jdbc;
    private final LockOrder locks;

    public PoolAdministration(JdbcOperations jdbc, LockOrder locks) {
        this.jdbc = jdbc;
        this.locks = locks;
    }

    /**
     * Creates a VLAN of the region with the given ranges and fills its pool.
     *
     * @throws OperatorRejection when the number is out of range or taken, or a range overlaps
     *         another range of this or any VLAN
     */
    @Transactional
    public VlanSummary createVlan(int vlanId, String regionId, List<AddressRange> ranges) {
        if (!VlanNumber.isValid(vlanId)) {
            throw OperatorRejection.invalid("VLAN number " + vlanId + " is outside 1-4094");
        }
        if (regionId == null || regionId.isBlank()) {
            throw OperatorRejection.invalid("a VLAN needs a region");
        }
        if (ranges.isEmpty()) {
            throw OperatorRejection.invalid("a VLAN needs at least one address range");
        }
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = i + 1; j < ranges.size(); j++) {
                if (ranges.get(i).overlaps(ranges.get(j))) {
                    throw OperatorRejection.invalid(ranges.get(i) + " overlaps " + ranges.get(j));
                }
            }
        }
        // the overlap check and the writes below under one lock, so that a concurrent creation
        // checks its ranges against these
        locks.poolLayout();
        if (count("SELECT COUNT(*) FROM vlan WHERE vlan_id = ?", ps -> ps.setInt(1, vlanId)) > 0) {
            throw OperatorRejection.conflict("VLAN " + vlanId + " exists already");
        }
        for (AddressRange range : ranges) {
            long first = range.network().value();
            long last = first + range.size() - 1;
            List<String> clash = strings("SELECT cidr || ' of VLAN ' || vlan_id FROM vlan_range WHERE first_address <= ? AND last_address >= ?",
                    ps -> {
                        ps.setLong(1, last);
                        ps.setLong(2, first);
                    });
            if (!clash.isEmpty()) {
                throw OperatorRejection.conflict(range + " overlaps " + clash.get(0));
            }
        }
        long total = ranges.stream().mapToLong(AddressRange::usableCount).sum();
        try {
            update("INSERT INTO vlan (vlan_id, region_id, total_addresses) VALUES (?, ?, ?)", ps -> {
                ps.setInt(1, vlanId);
                ps.setString(2, regionId);
                ps.setLong(3, total);
            });
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                throw OperatorRejection.conflict("VLAN " + vlanId + " exists already");
            }
            throw e;
        }
        jdbc.prepareStatement("INSERT INTO vlan_usage (vlan_id, stripe, allocated) VALUES (?, ?, 0)", ps -> {
            for (int stripe = 0; stripe < UsageStripes.COUNT; stripe++) {
                ps.setInt(1, vlanId);
                ps.setInt(2, stripe);
                ps.addBatch();
            }
            return ps.executeBatch();
        });
        for (AddressRange range : ranges) {
            addRange(vlanId, regionId, range);
        }
        return new VlanSummary(vlanId, regionId, List.copyOf(ranges), total, 0);
    }

    @Transactional
    public Optional<VlanSummary> findVlan(int vlanId) {
        List<VlanSummary> found = views("WHERE v.vlan_id = ?", ps -> ps.setInt(1, vlanId));
        return found.stream().findFirst();
    }

    /** VLANs by number, of one region or of all when {@code regionId} is null. */
    @Transactional
    public List<VlanSummary> listVlans(String regionId) {
        return regionId == null ? views("", ps -> { }) : views("WHERE v.region_id = ?", ps -> ps.setString(1, regionId));
    }

    /** Deletes the VLAN and its pool; refused while any of its addresses is held. */
    @Transactional
    public void deleteVlan(int vlanId) {
        // the VLAN, then its blocks, in the lock order: an allocation in flight in the VLAN holds
        // one of them, so the check below waits for it and sees its address
        if (!locks.vlan(vlanId)) {
            throw OperatorRejection.notFound("no VLAN " + vlanId);
        }
        locks.blocksOfVlan(vlanId);
        VlanSummary vlan = findVlan(vlanId).orElseThrow(() -> OperatorRejection.notFound("no VLAN " + vlanId));
        long held = count("SELECT COUNT(*) FROM (SELECT address FROM allocation WHERE vlan_id = ? "
                + "FETCH FIRST 1 ROWS ONLY) h", ps -> ps.setInt(1, vlanId));
        if (held > 0) {
            throw OperatorRejection.conflict("VLAN " + vlanId + " has allocated addresses (" + vlan.allocated() + "); release them first");
        }
        for (String table : List.of("address_block", "vlan_range", "vlan_usage", "vlan")) {
            update("DELETE FROM " + table + " WHERE vlan_id = ?", ps -> ps.setInt(1, vlanId));
        }
    }

    /** Whether any VLAN exists. */
    @Transactional
    public boolean anyVlan() {
        return count("SELECT COUNT(*) FROM vlan", ps -> { }) > 0;
    }

    /** Sets every block's free count and VLAN's usage counter from the allocations (after an import wrote them directly). */
    @Transactional
    public void recount() {
        update(PoolRepository.RECOUNT_BLOCKS, ps -> { });
        update(PoolRepository.RECOUNT_USAGE, ps -> { });
    }

    private List<VlanSummary> views(String where, Binder binder) {
        Map<Integer, VlanSummary> byId = new LinkedHashMap<>();
        jdbc.prepareStatement("SELECT v.vlan_id, v.region_id, v.total_addresses, "
                + "(SELECT COALESCE(SUM(u.allocated), 0) FROM vlan_usage u WHERE u.vlan_id = v.vlan_id) AS allocated "
                + "FROM vlan v " + where + " ORDER BY v.vlan_id", ps -> {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byId.put(rs.getInt(1), new VlanSummary(rs.getInt(1), rs.getString(2), new ArrayList<>(), rs.getLong(3), rs.getLong(4)));
                }
            }
            return null;
        });
        if (!byId.isEmpty()) {
            jdbc.prepareStatement("SELECT r.vlan_id, r.cidr FROM vlan_range r JOIN vlan v ON v.vlan_id = r.vlan_id "
                    + where + " ORDER BY r.vlan_id, r.first_address", ps -> {
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byId.get(rs.getInt(1)).ranges().add(AddressRange.parse(rs.getString(2)));
                    }
                }
                return null;
            });
        }
        return byId.values().stream()
                .map(v -> new VlanSummary(v.vlanId(), v.regionId(), List.copyOf(v.ranges()), v.total(), v.allocated()))
                .toList();
    }

    private void addRange(int vlanId, String regionId, AddressRange range) {
        update("INSERT INTO vlan_range (vlan_id, cidr, first_address, last_address) VALUES (?, ?, ?, ?)", ps -> {
            ps.setInt(1, vlanId);
            ps.setString(2, range.toString());
            ps.setLong(3, range.firstUsable().value());
            ps.setLong(4, range.lastUsable().value());
        });
        jdbc.prepareStatement("INSERT INTO address_block (first_address, last_address, vlan_id, region_id, free_count, has_free) "
                + "VALUES (?, ?, ?, ?, ?, TRUE)", ps -> {
            long pending = 0;
            long last = range.lastUsable().value();
            for (long first = range.firstUsable().value(); first <= last; first += BlockLayout.SIZE) {
                long end = BlockLayout.lastOfBlock(first, last);
                ps.setLong(1, first);
                ps.setLong(2, end);
                ps.setInt(3, vlanId);
                ps.setString(4, regionId);
                ps.setInt(5, (int) (end - first + 1));
                ps.addBatch();
                if (++pending == BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
            return null;
        });
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String sql, Binder binder) {
        jdbc.prepareStatement(sql, ps -> {
            binder.bind(ps);
            return ps.executeUpdate();
        });
    }

    private long count(String sql, Binder binder) {
        return jdbc.prepareStatement(sql, ps -> {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private List<String> strings(String sql, Binder binder) {
        return jdbc.prepareStatement(sql, ps -> {
            binder.bind(ps);
            List<String> values = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        });
    }
}
