package io.publicip.e2e;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The pool's stored counters against the rows they count, read straight from the database (no
 * server, so no reconciliation pass that could repair them first): each block's free count and
 * its has-free flag against the allocations in it, and each VLAN's usage stripes, summed, against
 * its allocations.
 */
final class StoredCounters {

    private StoredCounters() {
    }

    /** One line for each counter that differs from its rows; empty when every counter is exact. */
    static List<String> drift(String jdbcUrl) throws SQLException {
        List<String> drift = new ArrayList<>();
        try (Connection connection = Servers.connect(jdbcUrl); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT b.first_address, b.free_count, b.has_free, "
                    + "b.last_address - b.first_address + 1 - (SELECT COUNT(*) FROM allocation a WHERE a.block_address = b.first_address) "
                    + "FROM address_block b ORDER BY b.first_address")) {
                while (rs.next()) {
                    long free = rs.getLong(4);
                    if (rs.getLong(2) != free || rs.getBoolean(3) != (free > 0)) {
                        drift.add("block " + MixedLoad.text(rs.getLong(1)) + ": free_count " + rs.getLong(2) + ", has_free "
                                + rs.getBoolean(3) + ", where " + free + " addresses are free");
                    }
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT v.vlan_id, "
                    + "(SELECT COALESCE(SUM(u.allocated), 0) FROM vlan_usage u WHERE u.vlan_id = v.vlan_id), "
                    + "(SELECT COUNT(*) FROM vlan_usage u WHERE u.vlan_id = v.vlan_id), "
                    + "(SELECT COUNT(*) FROM allocation a WHERE a.vlan_id = v.vlan_id) FROM vlan v ORDER BY v.vlan_id")) {
                while (rs.next()) {
                    if (rs.getLong(2) != rs.getLong(4)) {
                        drift.add("VLAN " + rs.getInt(1) + ": its " + rs.getLong(3) + " usage stripes sum to " + rs.getLong(2) + ", where "
                                + rs.getLong(4) + " addresses are held");
                    }
                }
            }
        }
        return drift;
    }
}
