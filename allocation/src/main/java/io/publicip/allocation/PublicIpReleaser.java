package io.publicip.allocation;

import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.Optional;

import static io.publicip.allocation.ReleaseError.*;

/**
 * ReleasePublicIpAddress's rules, in a fixed order (the contract lists the same): the address
 * and its gateway binding go in one transaction. The holder is locked first, as an allocation
 * locks its instance first, so that a release and an allocation for one instance are decided
 * one after the other.
 */
@Singleton
public class PublicIpReleaser {

    private final InstanceDirectory instances;
    private final AddressPool pool;
    private final NatGateway gateway;

    public PublicIpReleaser(InstanceDirectory instances, AddressPool pool, NatGateway gateway) {
        this.instances = instances;
        this.pool = pool;
        this.gateway = gateway;
    }

    /** @return the address released */
    // the caller's transaction (a request's, or its group's): a refusal leaves it to the caller,
    // which rolls back to the request's savepoint under group commit, or the whole transaction
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY, noRollbackFor = ReleaseException.class)
    public Ipv4Address release(ReleaseRequest request) {
        // 1. the request's own values
        Ipv4Address address = checkValues(request);
        boolean instanceNamed = request.instanceId() != null && !request.instanceId().isEmpty();

        // 2. the instance named, or else the address's holder, locked until the end of the transaction
        Optional<String> holder = instanceNamed ? Optional.of(request.instanceId()) : pool.holderOf(address);
        LockedInstance locked = holder.flatMap(instances::findForAllocation)
                .filter(i -> request.regionId() == null || request.regionId().equals(i.instance().regionId()))
                .orElseThrow(() -> new ReleaseException(instanceNamed ? INSTANCE_NOT_FOUND : ADDRESS_NOT_HELD));

        // 3. what the instance's state allows
        if (locked.instance().isLockedForSecurity()) {
            throw new ReleaseException(INSTANCE_LOCKED_FOR_SECURITY);
        }

        // 4. the address must be the instance's (read under the instance's lock)
        if (!locked.publicIpAddress().equals(Optional.of(address))) {
            throw new ReleaseException(ADDRESS_NOT_HELD);
        }
        if ("true".equalsIgnoreCase(request.dryRun())) {
            throw new ReleaseException(DRY_RUN);
        }

        // 5. the address, if the instance still holds it when the store decides (another request
        //    may have released it, and a third given it to someone else, since it was read),
        //    then its binding, together
        if (!pool.release(address, locked.instance().instanceId())) {
            throw new ReleaseException(ADDRESS_NOT_HELD);
        }
        gateway.unbind(address);
        return address;
    }

    /**
     * Rule 1 alone: the request's own values, which need no transaction. A caller that checks them
     * first answers a malformed request without reading a row; {@link #release} checks them again.
     *
     * @return the address to release
     * @throws ReleaseException for a value the request got wrong
     */
    public static Ipv4Address checkValues(ReleaseRequest request) {
        if (request.publicIpAddress() == null || request.publicIpAddress().isEmpty()) {
            throw new ReleaseException(MISSING_PUBLIC_IP_ADDRESS);
        }
        return Ipv4Address.parseCanonical(request.publicIpAddress())
                .orElseThrow(() -> new ReleaseException(MALFORMED_PUBLIC_IP_ADDRESS));
    }
}
