package io.publicip.allocation;

import java.time.Instant;
import java.util.Set;

/** The attributes of an ECS instance that the allocation rules look at. */
public record Instance(
        String instanceId,
        String regionId,
        String zoneId,
        Status status,
        NetworkType networkType,
        String eipAddress,
        int internetMaxBandwidthOut,
        ChargeType chargeType,
        Instant expiredTime,
        boolean inArrears,
        Set<LockReason> operationLocks) {

    public Instance {
        operationLocks = Set.copyOf(operationLocks);
    }

    /** ECS instance states, spelt as DescribeInstances spells them. */
    public enum Status { Pending, Running, Starting, Stopping, Stopped }

    public enum NetworkType { classic, vpc }

    public enum ChargeType { PrePaid, PostPaid }

    /** {@code OperationLocks[].LockReason} values. */
    public enum LockReason { financial, security, recycling, dedicatedhostfinancial, refunded }

    boolean isLockedForSecurity() {
        return operationLocks.contains(LockReason.security);
    }

    boolean isExpiredOrInArrears(Instant now) {
        return switch (chargeType) {
            case PrePaid -> expiredTime != null && !expiredTime.isAfter(now);
            case PostPaid -> inArrears;
        };
    }

    boolean isVpcWithEip() {
        return networkType == NetworkType.vpc && eipAddress != null && !eipAddress.isBlank();
    }
}
