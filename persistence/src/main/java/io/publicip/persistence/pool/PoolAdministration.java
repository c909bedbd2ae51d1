package io.publicip.persistence.pool;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.publicip.allocation.AddressRange;
import io.publicip.allocation.VlanNumber;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Creates VLANs and fills their pools: one {@code ip_address} row per usable address. */
@Singleton
public class PoolAdministration {

    private static final int BATCH = 10_000;

    private final JdbcOperations jdbc;

    public PoolAdministration(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Creates a VLAN of the region with the given ranges.
     *
     * @throws IllegalArgumentException when the VLAN number is out of range, the VLAN exists,
     *         or a range overlaps another range of any VLAN
     */
    @Transactional
    public void createVlan(int vlanId, String regionId, List<AddressRange> ranges) {
        if (!VlanNumber.isValid(vlanId)) {
            throw new IllegalArgumentException("VLAN number out of range 1-4094: " + vlanId);
        }
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("a VLAN needs at least one address range");
        }
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = i + 1; j < ranges.size(); j++) {
                if (ranges.get(i).overlaps(ranges.get(j))) {
                    throw new IllegalArgumentException(ranges.get(i) + " overlaps " + ranges.get(j));
                }
            }
        }
        jdbc.prepareStatement("SELECT COUNT(*) FROM vlan WHERE vlan_id = ?", ps -> {
            ps.setInt(1, vlanId);
            if (count(ps) > 0) {
                throw new IllegalArgumentException("VLAN " + vlanId + " exists already");
            }
            return null;
        });
        execute("INSERT INTO vlan (vlan_id, region_id) VALUES (?, ?)", ps -> {
            ps.setInt(1, vlanId);
            ps.setString(2, regionId);
            ps.executeUpdate();
        });
        for (AddressRange range : ranges) {
            addRange(vlanId, regionId, range);
        }
    }

    /** Whether any VLAN exists. */
    @Transactional
    public boolean anyVlan() {
        return jdbc.prepareStatement("SELECT COUNT(*) FROM vlan", PoolAdministration::count) > 0;
    }

    private void addRange(int vlanId, String regionId, AddressRange range) {
        long first = range.network().value();
        long last = first + range.size() - 1;
        jdbc.prepareStatement("SELECT COUNT(*) FROM vlan_range WHERE first_address <= ? AND last_address >= ?", ps -> {
            ps.setLong(1, last);
            ps.setLong(2, first);
            if (count(ps) > 0) {
                throw new IllegalArgumentException(range + " overlaps a range of another VLAN");
            }
            return null;
        });
        execute("INSERT INTO vlan_range (vlan_id, cidr, first_address, last_address) VALUES (?, ?, ?, ?)", ps -> {
            ps.setInt(1, vlanId);
            ps.setString(2, range.toString());
            ps.setLong(3, range.firstUsable().value());
            ps.setLong(4, range.lastUsable().value());
            ps.executeUpdate();
        });
        execute("INSERT INTO ip_address (address, region_id, vlan_id) VALUES (?, ?, ?)", ps -> {
            long pending = 0;
            for (long a = range.firstUsable().value(); a <= range.lastUsable().value(); a++) {
                ps.setLong(1, a);
                ps.setString(2, regionId);
                ps.setInt(3, vlanId);
                ps.addBatch();
                if (++pending == BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        });
    }

    private interface StatementWork {
        void run(PreparedStatement ps) throws SQLException;
    }

    private void execute(String sql, StatementWork work) {
        jdbc.prepareStatement(sql, ps -> {
            work.run(ps);
            return null;
        });
    }

    private static long count(PreparedStatement ps) throws SQLException {
        try (var rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
