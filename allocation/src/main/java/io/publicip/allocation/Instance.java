package io.publicip.allocation;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The attributes of an ECS instance that the allocation rules look at. Build one by name with
 * {@link #builder}; copy one with a change with {@link #withStatus} or {@link #toBuilder}.
 */
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

    public static Builder builder(String instanceId, String regionId) {
        return new Builder(instanceId, regionId);
    }

    /** A builder holding this instance's attributes, to change some of them. */
    public Builder toBuilder() {
        return builder(instanceId, regionId).zoneId(zoneId).status(status).networkType(networkType).eipAddress(eipAddress)
                .internetMaxBandwidthOut(internetMaxBandwidthOut).chargeType(chargeType).expiredTime(expiredTime)
                .inArrears(inArrears).operationLocks(operationLocks);
    }

    /** This instance in another state. */
    public Instance withStatus(Status next) {
        return toBuilder().status(next).build();
    }

    /**
     * Names each attribute, where the record's constructor takes eleven by position (two of them
     * Strings that are easy to swap). Status, network type and charge type are required.
     */
    public static final class Builder {
        private final String instanceId;
        private final String regionId;
        private String zoneId;
        private Status status;
        private NetworkType networkType;
        private String eipAddress;
        private int internetMaxBandwidthOut;
        private ChargeType chargeType;
        private Instant expiredTime;
        private boolean inArrears;
        private Set<LockReason> operationLocks = EnumSet.noneOf(LockReason.class);

        private Builder(String instanceId, String regionId) {
            this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
            this.regionId = Objects.requireNonNull(regionId, "regionId");
        }

        public Builder zoneId(String zoneId) {
            this.zoneId = zoneId;
            return this;
        }

        public Builder status(Status status) {
            this.status = status;
            return this;
        }

        public Builder networkType(NetworkType networkType) {
            this.networkType = networkType;
            return this;
        }

        public Builder eipAddress(String eipAddress) {
            this.eipAddress = eipAddress;
            return this;
        }

        public Builder internetMaxBandwidthOut(int internetMaxBandwidthOut) {
            this.internetMaxBandwidthOut = internetMaxBandwidthOut;
            return this;
        }

        public Builder chargeType(ChargeType chargeType) {
            this.chargeType = chargeType;
            return this;
        }

        public Builder expiredTime(Instant expiredTime) {
            this.expiredTime = expiredTime;
            return this;
        }

        public Builder inArrears(boolean inArrears) {
            this.inArrears = inArrears;
            return this;
        }

        public Builder operationLocks(Set<LockReason> operationLocks) {
            this.operationLocks = operationLocks;
            return this;
        }

        public Instance build() {
            return new Instance(instanceId, regionId, zoneId, Objects.requireNonNull(status, "status"),
                    Objects.requireNonNull(networkType, "networkType"), eipAddress, internetMaxBandwidthOut,
                    Objects.requireNonNull(chargeType, "chargeType"), expiredTime, inArrears, operationLocks);
        }
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
