package io.publicip.administration;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.publicip.allocation.AddressRange;
import io.publicip.allocation.Allocation;
import io.publicip.allocation.AllocationRequest;
import io.publicip.allocation.PublicIpAllocator;
import io.publicip.allocation.Instance;
import io.publicip.administration.inventory.Inventory;
import io.publicip.persistence.instance.InstanceRepository;
import io.publicip.persistence.instance.InstanceRow;
import io.publicip.administration.pool.AllocationAdministration;
import io.publicip.administration.pool.PoolAdministration;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;

/**
 * A small world for the rule tests, built through the same repositories the server uses:
 * region r1 with VLAN 10 (10.0.0.0/29, six addresses) and VLAN 11 (10.0.1.0/30, two), region
 * r2 with VLAN 20 (10.0.2.0/29).
 */
@Singleton
public class TestWorld {

    private final JdbcOperations jdbc;
    private final InstanceRepository instances;
    private final PoolAdministration pools;
    private final Inventory inventory;
    private final AllocationAdministration allocations;
    private final PublicIpAllocator allocator;

    public TestWorld(JdbcOperations jdbc, InstanceRepository instances, PoolAdministration pools, Inventory inventory,
                     AllocationAdministration allocations, PublicIpAllocator allocator) {
        this.allocator = allocator;
        this.jdbc = jdbc;
        this.instances = instances;
        this.pools = pools;
        this.inventory = inventory;
        this.allocations = allocations;
    }

    @Transactional
    public void reset() {
        inventory.clear();
        pools.createVlan(10, "r1", List.of(AddressRange.parse("10.0.0.0/29")));
        pools.createVlan(11, "r1", List.of(AddressRange.parse("10.0.1.0/30")));
        pools.createVlan(20, "r2", List.of(AddressRange.parse("10.0.2.0/29")));
    }

    /**
     * One allocation in a transaction of its own, as the server runs one alone: the rules run in
     * their caller's transaction, and a refusal rolls it back.
     */
    @Transactional
    public Allocation allocate(AllocationRequest request) {
        return allocator.allocate(request);
    }

    @Transactional
    public Instance add(Instance instance) {
        instances.save(InstanceRow.of(instance));
        return instance;
    }

    /** A classic, running, postpaid instance of r1 with bandwidth, which may have an address. */
    public static Instance allocatable(String id) {
        return Instance.builder(id, "r1").zoneId("r1-a").status(Instance.Status.Running).networkType(Instance.NetworkType.classic)
                .internetMaxBandwidthOut(5).chargeType(Instance.ChargeType.PostPaid).build();
    }

    public Instance addAllocatable(String id) {
        return add(allocatable(id));
    }

    @Transactional
    public long count(String sql) {
        return jdbc.prepareStatement(sql, ps -> {
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    public void release(String address) {
        allocations.release(io.publicip.allocation.Ipv4Address.of(address));
    }

    public static Instance expiredPrepaid(Instance i, Instant expired) {
        return i.toBuilder().chargeType(Instance.ChargeType.PrePaid).expiredTime(expired).inArrears(false).build();
    }
}
