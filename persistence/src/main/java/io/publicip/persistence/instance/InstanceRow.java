package io.publicip.persistence.instance;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.publicip.allocation.Instance;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** A row of {@code instance}; lock reasons are stored comma-separated, in enum order. */
@MappedEntity(value = "instance", escape = false)
public record InstanceRow(
        @Id String instanceId,
        String regionId,
        @Nullable String zoneId,
        String status,
        String networkType,
        @Nullable String eipAddress,
        int internetMaxBandwidthOut,
        String chargeType,
        @Nullable Instant expiredTime,
        boolean inArrears,
        String operationLocks) {

    public static InstanceRow of(Instance i) {
        String locks = i.operationLocks().stream().sorted().map(Enum::name).collect(Collectors.joining(","));
        return new InstanceRow(i.instanceId(), i.regionId(), i.zoneId(), i.status().name(), i.networkType().name(),
                i.eipAddress(), i.internetMaxBandwidthOut(), i.chargeType().name(), i.expiredTime(), i.inArrears(), locks);
    }

    public Instance toInstance() {
        Set<Instance.LockReason> locks = EnumSet.noneOf(Instance.LockReason.class);
        if (!operationLocks.isEmpty()) {
            Arrays.stream(operationLocks.split(",")).map(Instance.LockReason::valueOf).forEach(locks::add);
        }
        return Instance.builder(instanceId, regionId).zoneId(zoneId).status(Instance.Status.valueOf(status))
                .networkType(Instance.NetworkType.valueOf(networkType)).eipAddress(eipAddress)
                .internetMaxBandwidthOut(internetMaxBandwidthOut).chargeType(Instance.ChargeType.valueOf(chargeType))
                .expiredTime(expiredTime).inArrears(inArrears).operationLocks(locks).build();
    }
}
