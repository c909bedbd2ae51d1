package io.publicip.persistence.inventory;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.publicip.persistence.gateway.GatewayFaults;
import jakarta.inject.Singleton;

import java.util.List;

/** The whole inventory at once: empty it, or put the demo world back. */
@Singleton
public class Inventory {

    /** Children before parents, so that no foreign key is broken on the way. */
    private static final List<String> TABLES = List.of("gateway_binding", "ip_address", "vlan_range", "vlan", "instance");

    private final JdbcOperations jdbc;
    private final GatewayFaults faults;
    private final DemoInventory demo;

    public Inventory(JdbcOperations jdbc, GatewayFaults faults, DemoInventory demo) {
        this.jdbc = jdbc;
        this.faults = faults;
        this.demo = demo;
    }

    /** Removes every instance, VLAN, allocation, binding and armed fault. */
    @Transactional
    public void clear() {
        faults.clear();
        for (String table : TABLES) {
            jdbc.prepareStatement("DELETE FROM " + table, ps -> ps.executeUpdate());
        }
    }

    @Transactional
    public void resetToDemo() {
        clear();
        demo.load();
    }
}
