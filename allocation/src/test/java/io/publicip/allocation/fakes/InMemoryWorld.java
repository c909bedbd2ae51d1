package io.publicip.allocation.fakes;

import io.publicip.allocation.Allocation;
import io.publicip.allocation.AllocationRequest;
import io.publicip.allocation.Instance;
import io.publicip.allocation.Ipv4Address;
import io.publicip.allocation.PublicIpAllocator;
import io.publicip.allocation.PublicIpReleaser;
import io.publicip.allocation.ReleaseRequest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The rules over the in-memory ports, each call in a transaction of its own as the server runs
 * them, at a fixed time. {@link #standard()} is the world of the database tests
 * ({@code persistence/src/test/.../TestWorld}): region r1 with VLAN 10 (10.0.0.0/29, .1 to .6)
 * and VLAN 11 (10.0.1.0/30, .1 and .2), region r2 with VLAN 20 (10.0.2.0/29).
 */
public final class InMemoryWorld {

    public static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

    public final InMemoryTransactions transactions = new InMemoryTransactions();
    public final InMemoryAddressPool pool;
    public final InMemoryInstanceDirectory instances;
    public final InMemoryNatGateway gateway;
    public final PublicIpAllocator allocator;
    public final PublicIpReleaser releaser;
    private int filled;

    public InMemoryWorld(long seed) {
        pool = new InMemoryAddressPool(transactions, seed);
        instances = new InMemoryInstanceDirectory(transactions, pool);
        gateway = new InMemoryNatGateway(transactions);
        allocator = new PublicIpAllocator(instances, pool, gateway, Clock.fixed(NOW, ZoneOffset.UTC));
        releaser = new PublicIpReleaser(instances, pool, gateway);
    }

    public static InMemoryWorld standard() {
        InMemoryWorld world = new InMemoryWorld(42);
        world.pool.addVlan(10, "r1", "10.0.0.0/29")
                .addVlan(11, "r1", "10.0.1.0/30")
                .addVlan(20, "r2", "10.0.2.0/29");
        return world;
    }

    public Allocation allocate(AllocationRequest request) {
        return transactions.run(() -> allocator.allocate(request));
    }

    public Ipv4Address release(ReleaseRequest request) {
        return transactions.run(() -> releaser.release(request));
    }

    public Instance add(Instance instance) {
        return instances.put(instance);
    }

    public Instance add(InstanceBuilder instance) {
        return add(instance.build());
    }

    /** An address held and bound, as a committed allocation leaves it. */
    public void give(String address, String instanceId) {
        pool.hold(address, instanceId, NOW.minusSeconds(3600));
        gateway.bound(address, instanceId);
    }

    /** Every free address of the VLAN given to a new instance of its region. */
    public void fill(int vlanId) {
        for (Ipv4Address free : pool.freeIn(vlanId)) {
            String id = "i-fill-" + ++filled;
            add(InstanceBuilder.allocatable(id).region(pool.regionOf(vlanId)));
            give(free.toString(), id);
        }
    }

    /** Every free address of the region's pools given away. */
    public void fillRegion(String regionId) {
        pool.vlansOf(regionId).forEach(this::fill);
    }
}
