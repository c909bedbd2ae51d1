package io.publicip.administration.inventory;

import io.micronaut.transaction.annotation.Transactional;
import io.publicip.allocation.AddressRange;
import io.publicip.allocation.Instance;
import io.publicip.allocation.Instance.ChargeType;
import io.publicip.allocation.Instance.LockReason;
import io.publicip.allocation.Instance.NetworkType;
import io.publicip.allocation.Instance.Status;
import io.publicip.persistence.instance.InstanceRepository;
import io.publicip.persistence.instance.InstanceRow;
import io.publicip.administration.pool.PoolAdministration;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A small world to try the API on (docs/operations.md describes it): two regions, three VLANs, and an
 * instance in each state the rules treat differently.
 */
@Singleton
public class DemoInventory {

    public static final String REGION = "cn-hangzhou";
    public static final String OTHER_REGION = "cn-beijing";

    private static final Instant FAR_FUTURE = Instant.parse("2099-12-31T16:00:00Z");
    private static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");

    private final InstanceRepository instances;
    private final PoolAdministration pools;

    public DemoInventory(InstanceRepository instances, PoolAdministration pools) {
        this.instances = instances;
        this.pools = pools;
    }

    @Transactional
    public void load() {
        pools.createVlan(100, REGION, List.of(AddressRange.parse("112.124.10.0/24")));
        pools.createVlan(101, REGION, List.of(AddressRange.parse("112.124.11.0/29")));
        pools.createVlan(200, OTHER_REGION, List.of(AddressRange.parse("47.94.20.0/24")));
        instances.saveAll(instances().stream().map(InstanceRow::of).toList());
    }

    /** The demo instances, in the order docs/operations.md lists them. */
    public static List<Instance> instances() {
        return List.of(
                running("i-demo-running-01"),
                running("i-demo-running-02"),
                running("i-demo-running-03"),
                running("i-demo-running-04"),
                running("i-demo-running-05"),
                instance("i-demo-stopped", REGION, Status.Stopped, NetworkType.classic, null, 5, ChargeType.PostPaid, null, false, Set.of()),
                instance("i-demo-vpc", REGION, Status.Running, NetworkType.vpc, null, 10, ChargeType.PostPaid, null, false, Set.of()),
                instance("i-demo-starting", REGION, Status.Starting, NetworkType.classic, null, 5, ChargeType.PostPaid, null, false, Set.of()),
                instance("i-demo-locked", REGION, Status.Running, NetworkType.classic, null, 5, ChargeType.PostPaid, null, false, Set.of(LockReason.security)),
                instance("i-demo-expired", REGION, Status.Stopped, NetworkType.classic, null, 5, ChargeType.PrePaid, LONG_AGO, false, Set.of()),
                instance("i-demo-arrears", REGION, Status.Running, NetworkType.classic, null, 5, ChargeType.PostPaid, null, true, Set.of(LockReason.financial)),
                instance("i-demo-vpc-eip", REGION, Status.Running, NetworkType.vpc, "47.98.1.1", 10, ChargeType.PostPaid, null, false, Set.of()),
                instance("i-demo-no-bandwidth", REGION, Status.Running, NetworkType.classic, null, 0, ChargeType.PrePaid, FAR_FUTURE, false, Set.of()),
                instance("i-demo-beijing", OTHER_REGION, Status.Running, NetworkType.classic, null, 5, ChargeType.PostPaid, null, false, Set.of()));
    }

    private static Instance running(String id) {
        return instance(id, REGION, Status.Running, NetworkType.classic, null, 5, ChargeType.PostPaid, null, false, Set.of());
    }

    private static Instance instance(String id, String region, Status status, NetworkType network, String eip, int bandwidth,
                                     ChargeType charge, Instant expires, boolean arrears, Set<LockReason> locks) {
        return Instance.builder(id, region).zoneId(region + "-h").status(status).networkType(network).eipAddress(eip)
                .internetMaxBandwidthOut(bandwidth).chargeType(charge).expiredTime(expires).inArrears(arrears)
                .operationLocks(locks).build();
    }
}
