package io.publicip.administration;

import io.micronaut.context.annotation.Value;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.publicip.persistence.SqlErrors;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The schema as the migrations leave it, on the suite's database (H2, or PostgreSQL in CI): the
 * tables every allocation writes carry no index that another one makes redundant (each is a
 * B-tree that the allocation's commit rewrites), the foreign keys still refuse what they should,
 * and a database made by the earlier migrations is brought up to date with its rows.
 */
@MicronautTest(environments = "test", transactional = false)
class SchemaTest {

    /** The tables an allocation writes a row into. */
    private static final List<String> WRITTEN_BY_EVERY_ALLOCATION = List.of("allocation", "gateway_binding", "signature_nonce");

    @Inject
    TestWorld world;
    @Value("${datasources.default.url}")
    String url;
    @Value("${datasources.default.username}")
    String username;
    @Value("${datasources.default.password:}")
    String password;

    @BeforeEach
    void freshWorld() {
        world.reset();
        world.addAllocatable("i-1");
    }

    @Test
    void tablesEveryAllocationWritesHaveNoRedundantIndex() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, username, password)) {
            for (String table : WRITTEN_BY_EVERY_ALLOCATION) {
                assertNoRedundantIndex(connection, table);
            }
        }
    }

    @Test
    void anAllocationMustNameItsBlocksVlan() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, username, password);
             Statement sql = connection.createStatement()) {
            // 10.0.0.1 is in VLAN 10's block 10.0.0.1-10.0.0.6; VLAN 11 exists, but not there
            SQLException refused = assertThrows(SQLException.class, () -> sql.executeUpdate(allocationRow(167772161L, 167772161L, 11, "i-1")));
            assertTrue(SqlErrors.isForeignKeyViolation(refused), refused.toString());
            assertThrows(SQLException.class, () -> sql.executeUpdate(allocationRow(167772161L, 167772161L, 10, "i-unknown")));
            assertThrows(SQLException.class, () -> sql.executeUpdate(
                    "INSERT INTO gateway_binding (address, instance_id, bound_at) VALUES (167772161, 'i-unknown', CURRENT_TIMESTAMP)"));
            assertEquals(1, sql.executeUpdate(allocationRow(167772161L, 167772161L, 10, "i-1")), "the block's own VLAN is accepted");
            sql.executeUpdate("DELETE FROM allocation WHERE address = 167772161");
        }
    }

    @Test
    void aDatabaseOfTheEarlierMigrationsIsBroughtUpToDateWithItsRows() throws SQLException {
        String schema = "upgrade_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String upgradeUrl;
        if (url.startsWith("jdbc:h2:")) {
            upgradeUrl = "jdbc:h2:mem:" + schema + ";DB_CLOSE_DELAY=-1";
        } else {
            try (Connection connection = DriverManager.getConnection(url, username, password); Statement sql = connection.createStatement()) {
                sql.execute("CREATE SCHEMA " + schema);
            }
            upgradeUrl = inSchema(url, schema);
        }
        try {
            Flyway.configure().dataSource(upgradeUrl, username, password).target("3").load().migrate();
            try (Connection connection = DriverManager.getConnection(upgradeUrl, username, password); Statement sql = connection.createStatement()) {
                sql.executeUpdate("INSERT INTO vlan (vlan_id, region_id, total_addresses) VALUES (7, 'r1', 6)");
                sql.executeUpdate("INSERT INTO address_block (first_address, last_address, vlan_id, region_id, free_count, has_free) "
                        + "VALUES (167772161, 167772166, 7, 'r1', 5, TRUE)");
                sql.executeUpdate("INSERT INTO instance (instance_id, region_id, status, network_type, internet_max_bandwidth_out, charge_type, "
                        + "in_arrears, operation_locks) VALUES ('i-old', 'r1', 'Running', 'classic', 5, 'PostPaid', FALSE, ''), "
                        + "('i-new', 'r1', 'Running', 'classic', 5, 'PostPaid', FALSE, '')");
                sql.executeUpdate(allocationRow(167772162L, 167772161L, 7, "i-old"));
                sql.executeUpdate("INSERT INTO gateway_binding (address, instance_id, bound_at) VALUES (167772162, 'i-old', CURRENT_TIMESTAMP)");
            }

            Flyway.configure().dataSource(upgradeUrl, username, password).load().migrate();

            try (Connection connection = DriverManager.getConnection(upgradeUrl, username, password); Statement sql = connection.createStatement()) {
                try (ResultSet kept = sql.executeQuery("SELECT a.address, b.instance_id FROM allocation a JOIN gateway_binding b ON b.address = a.address")) {
                    assertTrue(kept.next(), "the allocation and its binding are kept");
                    assertEquals("i-old", kept.getString(2));
                }
                for (String table : WRITTEN_BY_EVERY_ALLOCATION) {
                    assertNoRedundantIndex(connection, table);
                }
                SQLException refused = assertThrows(SQLException.class, () -> sql.executeUpdate(allocationRow(167772163L, 167772161L, 8, "i-new")));
                assertTrue(SqlErrors.isForeignKeyViolation(refused), refused.toString());
                assertThrows(SQLException.class, () -> sql.executeUpdate("DELETE FROM instance WHERE instance_id = 'i-old'"),
                        "an instance with an allocation cannot be deleted");
            }
        } finally {
            try (Connection connection = DriverManager.getConnection(url.startsWith("jdbc:h2:") ? upgradeUrl : url, username, password);
                 Statement sql = connection.createStatement()) {
                sql.execute(url.startsWith("jdbc:h2:") ? "SHUTDOWN" : "DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /** The PostgreSQL URL with its currentSchema (if any) replaced by the one given. */
    private static String inSchema(String postgresUrl, String schema) {
        int query = postgresUrl.indexOf('?');
        StringBuilder rebuilt = new StringBuilder(query < 0 ? postgresUrl : postgresUrl.substring(0, query)).append("?currentSchema=").append(schema);
        if (query >= 0) {
            for (String parameter : postgresUrl.substring(query + 1).split("&")) {
                if (!parameter.isEmpty() && !parameter.startsWith("currentSchema=")) {
                    rebuilt.append('&').append(parameter);
                }
            }
        }
        return rebuilt.toString();
    }

    private static String allocationRow(long address, long block, int vlanId, String instanceId) {
        return "INSERT INTO allocation (address, block_address, vlan_id, region_id, instance_id, allocated_at, in_effect) VALUES ("
                + address + ", " + block + ", " + vlanId + ", 'r1', '" + instanceId + "', CURRENT_TIMESTAMP, FALSE)";
    }

    /**
     * No two indexes on the same columns, and no non-unique index whose columns lead another
     * index (the longer one serves its lookups).
     */
    private static void assertNoRedundantIndex(Connection connection, String table) throws SQLException {
        Map<String, Index> indexes = indexes(connection, table);
        assertTrue(indexes.size() > 0, "no index found on " + table);
        for (Index one : indexes.values()) {
            for (Index other : indexes.values()) {
                if (one != other && other.startsWith(one.columns()) && (other.columns().size() == one.columns().size() || !one.unique())) {
                    fail(table + ": index " + one + " is redundant with " + other + " (all indexes: " + indexes.values() + ")");
                }
            }
        }
    }

    private record Index(String name, List<String> columns, boolean unique) {
        boolean startsWith(List<String> leading) {
            return columns.size() >= leading.size() && columns.subList(0, leading.size()).equals(leading);
        }
    }

    /** The table's indexes by name, each with its columns in order. */
    private static Map<String, Index> indexes(Connection connection, String table) throws SQLException {
        Map<String, TreeMap<Short, String>> columns = new TreeMap<>();
        Map<String, Boolean> unique = new TreeMap<>();
        try (ResultSet rs = indexInfo(connection, table)) {
            while (rs.next()) {
                if (rs.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic) {
                    continue;
                }
                String name = rs.getString("INDEX_NAME");
                columns.computeIfAbsent(name, n -> new TreeMap<>()).put(rs.getShort("ORDINAL_POSITION"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                unique.put(name, !rs.getBoolean("NON_UNIQUE"));
            }
        }
        Map<String, Index> indexes = new TreeMap<>();
        columns.forEach((name, ordered) -> indexes.put(name, new Index(name, new ArrayList<>(ordered.values()), unique.get(name))));
        return indexes;
    }

    private static ResultSet indexInfo(Connection connection, String table) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        String stored = metadata.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
        return metadata.getIndexInfo(connection.getCatalog(), connection.getSchema(), stored, false, false);
    }
}
