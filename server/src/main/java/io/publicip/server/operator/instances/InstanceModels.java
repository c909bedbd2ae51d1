package io.publicip.server.operator.instances;

import io.publicip.allocation.Instance.ChargeType;
import io.publicip.allocation.Instance.LockReason;
import io.publicip.allocation.Instance.NetworkType;
import io.publicip.allocation.Instance.Status;
import io.publicip.allocation.Ipv4Address;
import io.publicip.administration.OperatorRejection;
import io.publicip.administration.instance.InstanceView;
import io.publicip.server.generated.operator.model.Instance;

import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/** Between the operator contract's Instance and the domain's. */
public final class InstanceModels {

    private InstanceModels() {
    }

    public static io.publicip.allocation.Instance toDomain(Instance model) {
        if (model.getEipAddress() != null && Ipv4Address.parseCanonical(model.getEipAddress()).isEmpty()) {
            throw OperatorRejection.invalid("eipAddress " + model.getEipAddress() + " is not an IPv4 address");
        }
        Set<LockReason> locks = EnumSet.noneOf(LockReason.class);
        if (model.getOperationLocks() != null) {
            model.getOperationLocks().forEach(lock -> locks.add(LockReason.valueOf(lock.getValue())));
        }
        return io.publicip.allocation.Instance.builder(model.getInstanceId(), model.getRegionId())
                .zoneId(model.getZoneId())
                .status(Status.valueOf(model.getStatus().getValue()))
                .networkType(NetworkType.valueOf(model.getNetworkType().getValue()))
                .eipAddress(model.getEipAddress())
                .internetMaxBandwidthOut(model.getInternetMaxBandwidthOut())
                .chargeType(ChargeType.valueOf(model.getChargeType().getValue()))
                .expiredTime(model.getExpiredTime() == null ? null : model.getExpiredTime().toInstant())
                .inArrears(Boolean.TRUE.equals(model.getInArrears()))
                .operationLocks(locks)
                .build();
    }

    /** The instance as the document holds it: without the derived public address fields. */
    public static Instance toModel(io.publicip.allocation.Instance i) {
        Set<io.publicip.server.generated.operator.model.LockReason> locks = new LinkedHashSet<>();
        i.operationLocks().stream().sorted()
                .forEach(lock -> locks.add(io.publicip.server.generated.operator.model.LockReason.fromValue(lock.name())));
        return new Instance(i.instanceId(), i.regionId(), Instance.StatusEnum.fromValue(i.status().name()),
                Instance.NetworkTypeEnum.fromValue(i.networkType().name()), i.internetMaxBandwidthOut(),
                Instance.ChargeTypeEnum.fromValue(i.chargeType().name()))
                .zoneId(i.zoneId())
                .eipAddress(i.eipAddress())
                .expiredTime(i.expiredTime() == null ? null : i.expiredTime().atOffset(ZoneOffset.UTC))
                .inArrears(i.inArrears())
                .operationLocks(locks);
    }

    /** The instance with its public address and whether that is in effect. */
    public static Instance toModel(InstanceView view) {
        Instance model = toModel(view.instance());
        return view.publicIp()
                .map(held -> model.publicIpAddress(held.address().toString())
                        .publicIpStatus(held.inEffect() ? Instance.PublicIpStatusEnum.IN_EFFECT : Instance.PublicIpStatusEnum.PENDING))
                .orElseGet(() -> model.publicIpStatus(Instance.PublicIpStatusEnum.NONE));
    }
}
