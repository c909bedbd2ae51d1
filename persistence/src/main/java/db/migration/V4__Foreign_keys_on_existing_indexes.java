package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The same constraints as V1 declared them, minus three index maps that every allocation on H2
 * had to write. H2 gives a foreign key an index of its own unless one with exactly its columns
 * exists when it is declared, and V1 declared them inline, before the unique keys on instance_id
 * and the VLAN index: so allocation had two more indexes (instance_id, vlan_id) and
 * gateway_binding one more (instance_id) than its queries use, each a B-tree whose changed path
 * every allocation's commit rewrites. The instance foreign keys now lean on the unique keys, and
 * the VLAN's is replaced by a stronger one: an allocation's block and VLAN together reference a
 * block of that VLAN (a VLAN's allocations are its blocks', which reference the VLAN). On
 * PostgreSQL, which never adds indexes for foreign keys, the same change saves one foreign key
 * check (a lock on the VLAN's row, shared by every allocation in it).
 *
 * <p>A Java migration because V1's constraints have no names of ours: H2 made up its own, so
 * they are looked up (the JDBC metadata works on both databases) rather than written down.
 */
public class V4__Foreign_keys_on_existing_indexes extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement sql = connection.createStatement()) {
            sql.execute("ALTER TABLE address_block ADD CONSTRAINT address_block_in_vlan UNIQUE (first_address, vlan_id)");
            for (String name : foreignKeys(connection, "allocation")) {
                sql.execute("ALTER TABLE allocation DROP CONSTRAINT " + quoted(name));
            }
            for (String name : foreignKeys(connection, "gateway_binding")) {
                sql.execute("ALTER TABLE gateway_binding DROP CONSTRAINT " + quoted(name));
            }
            sql.execute("ALTER TABLE allocation ADD CONSTRAINT allocation_in_block "
                    + "FOREIGN KEY (block_address, vlan_id) REFERENCES address_block (first_address, vlan_id)");
            sql.execute("ALTER TABLE allocation ADD CONSTRAINT allocation_of_instance "
                    + "FOREIGN KEY (instance_id) REFERENCES instance (instance_id)");
            sql.execute("ALTER TABLE gateway_binding ADD CONSTRAINT gateway_binding_of_instance "
                    + "FOREIGN KEY (instance_id) REFERENCES instance (instance_id)");
        }
    }

    /** The names of the table's foreign keys, in the current schema. */
    private static Set<String> foreignKeys(Connection connection, String table) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        String stored = metadata.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
        Set<String> names = new LinkedHashSet<>();
        try (ResultSet keys = metadata.getImportedKeys(connection.getCatalog(), connection.getSchema(), stored)) {
            while (keys.next()) {
                names.add(keys.getString("FK_NAME"));
            }
        }
        if (names.isEmpty()) {
            throw new SQLException("no foreign keys found on " + stored + " in schema " + connection.getSchema());
        }
        return names;
    }

    private static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
