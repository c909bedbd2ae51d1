package io.publicip.administration.inventory;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.publicip.persistence.LockOrder;
import io.publicip.administration.OperatorRejection;
import io.publicip.persistence.retry.RetriedTransaction;
import io.publicip.persistence.retry.TransactionRetry;
import io.publicip.persistence.SqlErrors;
import io.publicip.administration.accesskey.AccessKeys;
import io.publicip.administration.gateway.GatewayFaults;
import io.publicip.persistence.instance.InstanceRepository;
import io.publicip.persistence.instance.InstanceRow;
import io.publicip.administration.pool.AllocationAdministration;
import io.publicip.persistence.pool.HeldAddress;
import io.publicip.administration.pool.PoolAdministration;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.List;

/** The whole inventory at once: export it, import it, empty it, or put the demo world back. */
@Singleton
@RetriedTransaction // every method: at SERIALIZABLE a read can be aborted too
public class Inventory {

    /** Children before parents, so that no foreign key is broken on the way. */
    private static final List<String> TABLES = List.of("gateway_binding", "allocation", "address_block", "vlan_range", "vlan_usage", "vlan", "instance");
    private static final int PAGE = 10_000;

    private final JdbcOperations jdbc;
    private final GatewayFaults faults;
    private final DemoInventory demo;
    private final InstanceRepository instances;
    private final PoolAdministration pools;
    private final AllocationAdministration allocations;
    private final AccessKeys accessKeys;
    private final Clock clock;
    private final LockOrder locks;

    public Inventory(JdbcOperations jdbc, GatewayFaults faults, DemoInventory demo, InstanceRepository instances,
                     PoolAdministration pools, AllocationAdministration allocations, AccessKeys accessKeys, Clock clock,
                     LockOrder locks) {
        this.locks = locks;
        this.jdbc = jdbc;
        this.faults = faults;
        this.demo = demo;
        this.instances = instances;
        this.pools = pools;
        this.allocations = allocations;
        this.accessKeys = accessKeys;
        this.clock = clock;
    }

    /** Whether the inventory holds nothing yet: no instance and no VLAN. */
    @Transactional
    public boolean isEmpty() {
        return instances.count() == 0 && !pools.anyVlan();
    }

    /** Removes every instance, VLAN, allocation, binding and armed fault (access keys stay). */
    @Transactional
    public void clear() {
        faults.clear();
        // every instance, then every VLAN, in the lock order: allocations and releases in flight
        // finish first, and those that come after find their instance gone
        locks.allInstances();
        locks.allVlans();
        for (String table : TABLES) {
            jdbc.prepareStatement("DELETE FROM " + table, ps -> ps.executeUpdate());
        }
    }

    @Transactional
    public void resetToDemo() {
        clear();
        demo.load();
    }

    @Transactional
    public InventorySnapshot export() {
        List<io.publicip.allocation.Instance> all = new ArrayList<>();
        instances.findAll().forEach(row -> all.add(row.toInstance()));
        all.sort(Comparator.comparing(io.publicip.allocation.Instance::instanceId));
        List<InventorySnapshot.VlanSpec> vlans = pools.listVlans(null).stream()
                .map(v -> new InventorySnapshot.VlanSpec(v.vlanId(), v.regionId(), v.ranges())).toList();
        List<InventorySnapshot.AllocationSpec> held = new ArrayList<>();
        long after = -1;
        List<HeldAddress> page;
        do {
            page = allocations.list(new AllocationAdministration.Filter(null, null, null), after, PAGE);
            page.forEach(h -> held.add(new InventorySnapshot.AllocationSpec(h.address(), h.instanceId(), h.allocatedAt(), h.inEffect())));
            after = page.isEmpty() ? after : page.get(page.size() - 1).address().value();
        } while (page.size() == PAGE);
        List<InventorySnapshot.KeySpec> keys = accessKeys.list().stream()
                .map(k -> new InventorySnapshot.KeySpec(k.accessKeyId(), null, k.enabled())).toList();
        return new InventorySnapshot(all, vlans, held, keys);
    }

    /**
     * Replaces the instances, VLANs and allocations with the snapshot's and creates or updates
     * its access keys, in one transaction: if any part is refused, nothing changes. Armed faults
     * are disarmed; access keys the snapshot does not list are left alone.
     */
    @Transactional
    public void importSnapshot(InventorySnapshot snapshot) {
        refuseDuplicates(snapshot);
        clear();
        for (InventorySnapshot.KeySpec key : snapshot.accessKeys()) {
            accessKeys.put(key.accessKeyId(), key.secret(), key.enabled());
        }
        for (InventorySnapshot.VlanSpec vlan : snapshot.vlans()) {
            pools.createVlan(vlan.vlanId(), vlan.regionId(), vlan.ranges());
        }
        try {
            instances.saveAll(snapshot.instances().stream().map(InstanceRow::of).toList());
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                // the document has no duplicates (checked above): a request created it meanwhile
                throw new TransactionRetry.ConcurrentCreate("an instance of the document", e);
            }
            throw e;
        }
        for (InventorySnapshot.AllocationSpec a : snapshot.allocations()) {
            try {
                allocations.restore(a.address(), a.instanceId(), a.allocatedAt() != null ? a.allocatedAt() : clock.instant(), a.inEffect());
            } catch (RuntimeException e) {
                if (SqlErrors.isUniqueViolation(e)) {
                    throw new TransactionRetry.ConcurrentCreate("allocation of " + a.address(), e);
                }
                if (SqlErrors.isForeignKeyViolation(e)) {
                    throw OperatorRejection.invalid("allocation of " + a.address() + " names an unknown instance " + a.instanceId());
                }
                throw e;
            }
        }
        pools.recount();
    }

    /** What the document repeats is its own mistake, told apart from a key a concurrent request took. */
    private static void refuseDuplicates(InventorySnapshot snapshot) {
        Set<String> instanceIds = new HashSet<>();
        for (io.publicip.allocation.Instance instance : snapshot.instances()) {
            if (!instanceIds.add(instance.instanceId())) {
                throw OperatorRejection.invalid("an instance ID appears twice in the document: " + instance.instanceId());
            }
        }
        Set<Long> addresses = new HashSet<>();
        Set<String> holders = new HashSet<>();
        for (InventorySnapshot.AllocationSpec a : snapshot.allocations()) {
            if (!addresses.add(a.address().value()) || !holders.add(a.instanceId())) {
                throw OperatorRejection.invalid("allocation of " + a.address() + ": the address is allocated twice, "
                        + "or instance " + a.instanceId() + " holds two addresses, in the document");
            }
        }
    }
}
