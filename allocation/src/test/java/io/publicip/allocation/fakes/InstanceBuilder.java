package io.publicip.allocation.fakes;

import io.publicip.allocation.Instance;
import io.publicip.allocation.Instance.ChargeType;
import io.publicip.allocation.Instance.LockReason;
import io.publicip.allocation.Instance.NetworkType;
import io.publicip.allocation.Instance.Status;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Test instances by name rather than by eleven positional arguments: start from one every rule
 * accepts and change what a case is about.
 */
public final class InstanceBuilder {

    private final String instanceId;
    private String regionId = "r1";
    private Status status = Status.Running;
    private NetworkType networkType = NetworkType.classic;
    private String eipAddress;
    private int bandwidth = 5;
    private ChargeType chargeType = ChargeType.PostPaid;
    private Instant expiredTime;
    private boolean inArrears;
    private final Set<LockReason> locks = EnumSet.noneOf(LockReason.class);

    private InstanceBuilder(String instanceId) {
        this.instanceId = instanceId;
    }

    /** Running, classic, postpaid and paid, 5 Mbit/s out, no locks, in region r1. */
    public static InstanceBuilder allocatable(String instanceId) {
        return new InstanceBuilder(instanceId);
    }

    public InstanceBuilder region(String regionId) {
        this.regionId = regionId;
        return this;
    }

    public InstanceBuilder status(Status status) {
        this.status = status;
        return this;
    }

    public InstanceBuilder vpc(String eipAddress) {
        this.networkType = NetworkType.vpc;
        this.eipAddress = eipAddress;
        return this;
    }

    public InstanceBuilder eip(String eipAddress) {
        this.eipAddress = eipAddress;
        return this;
    }

    public InstanceBuilder bandwidth(int internetMaxBandwidthOut) {
        this.bandwidth = internetMaxBandwidthOut;
        return this;
    }

    public InstanceBuilder prePaid(Instant expiredTime) {
        this.chargeType = ChargeType.PrePaid;
        this.expiredTime = expiredTime;
        return this;
    }

    public InstanceBuilder expiredTime(Instant expiredTime) {
        this.expiredTime = expiredTime;
        return this;
    }

    public InstanceBuilder inArrears() {
        this.inArrears = true;
        return this;
    }

    public InstanceBuilder lock(LockReason reason) {
        locks.add(reason);
        return this;
    }

    public Instance build() {
        return Instance.builder(instanceId, regionId).zoneId(regionId + "-a").status(status).networkType(networkType)
                .eipAddress(eipAddress).internetMaxBandwidthOut(bandwidth).chargeType(chargeType).expiredTime(expiredTime)
                .inArrears(inArrears).operationLocks(locks).build();
    }
}
