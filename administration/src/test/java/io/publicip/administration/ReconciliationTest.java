package io.publicip.administration;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.annotation.Transactional;
import io.publicip.allocation.AllocationRequest;
import io.publicip.persistence.repair.Reconciliation;
import io.publicip.persistence.repair.Audit;
import io.publicip.persistence.repair.RepairReport;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * State no allocation leaves behind, made by hand (as a crash between two systems or an operator
 * with SQL would), and repaired by the reconciliation pass; consistent state is left alone.
 */
@MicronautTest(environments = "test", transactional = false)
class ReconciliationTest {

    @Inject
    TestWorld world;
    @Inject
    Reconciliation reconciliation;
    @Inject
    Damage damage;

    @BeforeEach
    void freshWorld() {
        world.reset();
        world.addAllocatable("i-1");
        world.addAllocatable("i-2");
        world.addAllocatable("i-3");
    }

    @Test
    void consistentStateIsLeftAlone() {
        world.allocate(new AllocationRequest("i-1", null, null, null));
        assertEquals(new RepairReport(0, 0, 0), reconciliation.runOnce());
        assertEquals(new Audit(1, 1, 0, 0, 0, 0), reconciliation.audit());
    }

    @Test
    void everyKindOfDamageIsRepaired() {
        world.allocate(new AllocationRequest("i-1", "10.0.0.1", null, null));
        world.allocate(new AllocationRequest("i-2", "10.0.0.2", null, null));
        damage.run("INSERT INTO gateway_binding (address, instance_id, bound_at) VALUES (167772163, 'i-3', CURRENT_TIMESTAMP)"); // 10.0.0.3, no allocation
        damage.run("DELETE FROM gateway_binding WHERE instance_id = 'i-2'");                                              // an allocation unbound
        damage.run("UPDATE address_block SET free_count = 6, has_free = TRUE WHERE first_address = 167772161");          // counts drifted

        damage.run("UPDATE vlan_usage SET allocated = allocated + 1 WHERE stripe = 3 AND vlan_id = (SELECT MIN(vlan_id) FROM vlan)");                                  // a VLAN's usage drifted
        assertEquals(new Audit(2, 2, 1, 1, 1, 1), reconciliation.audit(), "the audit sees every kind, and changes nothing");
        assertEquals(new Audit(2, 2, 1, 1, 1, 1), reconciliation.audit());
        damage.run("UPDATE vlan_usage SET allocated = allocated - 1 WHERE stripe = 3 AND vlan_id = (SELECT MIN(vlan_id) FROM vlan)");

        RepairReport report = reconciliation.runOnce();
        assertEquals(new RepairReport(1, 1, 1), report);
        assertTrue(reconciliation.audit().holds(), reconciliation.audit().toString());
        assertEquals(2, world.count("SELECT COUNT(*) FROM gateway_binding"));
        assertEquals(1, world.count("SELECT COUNT(*) FROM gateway_binding WHERE instance_id = 'i-2' AND address = 167772162"));
        assertEquals(4, world.count("SELECT free_count FROM address_block WHERE first_address = 167772161"));
        assertEquals(new RepairReport(0, 0, 0), reconciliation.runOnce(), "a second pass finds nothing");
        assertTrue(reconciliation.repairsSinceStart() >= 3, "repairs are counted");
    }

    @Singleton
    static class Damage {
        @Inject
        JdbcOperations jdbc;

        @Transactional
        void run(String sql) {
            jdbc.prepareStatement(sql, ps -> ps.executeUpdate());
        }
    }
}
