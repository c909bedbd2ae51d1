package io.publicip.allocation;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The public address pools of all regions, in the spirit of Kubernetes' IP allocator: allocate
 * a named address, allocate the next free one, release. The store's uniqueness decides every
 * race: an implementation never checks-then-writes.
 */
public interface AddressPool {

    boolean hasVlan(String regionId, int vlanId);

    /** The VLAN whose pool holds the address in the region; empty when no pool of the region has it. */
    OptionalInt vlanOf(String regionId, Ipv4Address address);

    /**
     * Gives the named address to the instance.
     *
     * @return false when another instance holds it already (the store decides, inside the
     *         calling transaction)
     * @throws AllocationException {@link AllocationError#ALLOCATED_ALREADY} when the instance
     *         holds another address
     */
    boolean allocate(Ipv4Address address, String instanceId, Instant at);

    /**
     * Gives the instance a free address of the VLAN, or of any pool of the region when no VLAN
     * is given, found without scanning the pool and not always the lowest free one.
     *
     * @return the address and its VLAN; empty when no address is free
     * @throws AllocationException {@link AllocationError#ALLOCATED_ALREADY} when the instance
     *         holds another address
     */
    Optional<PoolAddress> allocateNext(String regionId, OptionalInt vlanId, String instanceId, Instant at);

    /** The instance holding the address; empty when it is free or in no pool. */
    Optional<String> holderOf(Ipv4Address address);

    /**
     * Returns the address to the pool if this instance holds it (the store decides, inside the
     * calling transaction, so that a release never takes an address another request has just
     * given to someone else).
     *
     * @return false when the instance does not hold it
     */
    boolean release(Ipv4Address address, String holder);
}
