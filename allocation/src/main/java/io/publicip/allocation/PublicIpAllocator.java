package io.publicip.allocation;

import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

import static io.publicip.allocation.AllocationError.*;

/**
 * AllocatePublicIpAddress's rules. They run in a fixed order and the first that applies decides
 * the answer (the contract's description lists the same order). Everything happens in one
 * transaction, the caller's: a refusal at any step, the gateway's included, is for the caller to
 * roll back, so that it leaves nothing behind.
 */
@Singleton
public class PublicIpAllocator {

    private final InstanceDirectory instances;
    private final AddressPool pool;
    private final NatGateway gateway;
    private final Clock clock;

    public PublicIpAllocator(InstanceDirectory instances, AddressPool pool, NatGateway gateway, Clock clock) {
        this.instances = instances;
        this.pool = pool;
        this.gateway = gateway;
        this.clock = clock;
    }

    // the caller's transaction (a request's, or its group's): a refusal leaves it to the caller,
    // which rolls back to the request's savepoint under group commit, or the whole transaction
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY, noRollbackFor = AllocationException.class)
    public Allocation allocate(AllocationRequest request) {
        // 1. the request's own values
        Checked checked = check(request);
        String instanceId = checked.instanceId();
        OptionalInt vlanId = checked.vlanId();

        // 2. the instance, locked until the end of the transaction
        LockedInstance locked = instances.findForAllocation(instanceId)
                .filter(i -> request.regionId() == null || request.regionId().equals(i.instance().regionId()))
                .orElseThrow(() -> new AllocationException(INSTANCE_NOT_FOUND));
        Instance instance = locked.instance();

        // 3. what the instance's state allows
        Instant now = clock.instant();
        if (instance.isLockedForSecurity()) {
            throw new AllocationException(INSTANCE_LOCKED_FOR_SECURITY);
        }
        if (instance.isExpiredOrInArrears(now)) {
            throw new AllocationException(INSTANCE_EXPIRED_OR_IN_ARREARS);
        }
        if (instance.status() != Instance.Status.Running && instance.status() != Instance.Status.Stopped) {
            throw new AllocationException(INCORRECT_INSTANCE_STATUS);
        }

        // 4. what the instance's network allows
        if (instance.isVpcWithEip()) {
            throw new AllocationException(VPC_INSTANCE_WITH_EIP);
        }
        if (locked.publicIpAddress().isPresent()) {
            throw new AllocationException(ALLOCATED_ALREADY);
        }
        if (instance.internetMaxBandwidthOut() <= 0) {
            throw new AllocationException(INVALID_INSTANCE_BANDWIDTH);
        }

        // 5. and 6. an address from the pools of the instance's region
        String regionId = instance.regionId();
        if (vlanId.isPresent() && !pool.hasVlan(regionId, vlanId.getAsInt())) {
            throw new AllocationException(VLAN_NOT_FOUND);
        }
        PoolAddress taken = checked.address().isPresent()
                ? allocateNamed(regionId, vlanId, checked.address().get(), instanceId, now)
                : pool.allocateNext(regionId, vlanId, instanceId, now)
                        .orElseThrow(() -> new AllocationException(vlanId.isPresent() ? VLAN_EXHAUSTED : REGION_EXHAUSTED));

        // 7. the gateway; its failure rolls the reservation back with the transaction
        try {
            gateway.bind(taken.address(), instanceId);
        } catch (NatGateway.GatewayFailure failure) {
            throw new AllocationException(failure.stage() == NatGateway.GatewayFailure.Stage.ALLOCATE
                    ? GATEWAY_ALLOCATE_FAILED : GATEWAY_BINDING_FAILED, failure);
        }
        return new Allocation(taken.address(), regionId, taken.vlanId(), instanceId, now);
    }

    /**
     * Rule 1 alone: the request's own values, which need no transaction. A caller that checks them
     * first answers a malformed request without reading a row; {@link #allocate} checks them again.
     *
     * @throws AllocationException for a value the request got wrong
     */
    public static void checkValues(AllocationRequest request) {
        check(request);
    }

    private record Checked(String instanceId, Optional<Ipv4Address> address, OptionalInt vlanId) {
    }

    private static Checked check(AllocationRequest request) {
        if (request.instanceId() == null || request.instanceId().isEmpty()) {
            throw new AllocationException(MISSING_INSTANCE_ID);
        }
        Optional<Ipv4Address> address = Optional.empty();
        if (request.ipAddress() != null) {
            address = Optional.of(Ipv4Address.parseCanonical(request.ipAddress())
                    .orElseThrow(() -> new AllocationException(MALFORMED_IP_ADDRESS)));
        }
        OptionalInt vlanId = OptionalInt.empty();
        if (request.vlanId() != null) {
            vlanId = VlanNumber.parse(request.vlanId());
            if (vlanId.isEmpty()) {
                throw new AllocationException(INVALID_VLAN_ID);
            }
        }
        return new Checked(request.instanceId(), address, vlanId);
    }

    private PoolAddress allocateNamed(String regionId, OptionalInt vlanId, Ipv4Address address, String instanceId, Instant now) {
        OptionalInt home = pool.vlanOf(regionId, address);
        if (home.isEmpty()) {
            throw new AllocationException(ADDRESS_NOT_IN_REGION_POOLS);
        }
        if (vlanId.isPresent() && vlanId.getAsInt() != home.getAsInt()) {
            throw new AllocationException(ADDRESS_NOT_IN_VLAN);
        }
        if (!pool.allocate(address, instanceId, now)) {
            throw new AllocationException(IP_IN_USE);
        }
        return new PoolAddress(address, home.getAsInt());
    }
}
