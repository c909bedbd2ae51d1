package io.publicip.persistence.pool;

import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import io.publicip.allocation.AddressPool;
import io.publicip.allocation.AllocationError;
import io.publicip.allocation.AllocationException;
import io.publicip.allocation.Ipv4Address;
import io.publicip.persistence.SqlErrors;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The pool on its {@code ip_address} rows. A dynamic pick reads the first free address at or
 * after a random address of its ranges (an index seek, whatever the size or fill of the pool), then
 * claims it with a conditional update, the compare-and-swap that decides every race: if a
 * concurrent transaction got there first, the update changes nothing and the pick moves on.
 * Random starts spread concurrent requests over the pool instead of queueing them on its
 * lowest free row.
 */
@Singleton
@Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
class JdbcAddressPool implements AddressPool {

    /** Random starts before falling back to lowest-first, which always makes progress. */
    private static final int RANDOM_STARTS = 8;

    private final PoolRepository pool;

    JdbcAddressPool(PoolRepository pool) {
        this.pool = pool;
    }

    @Override
    public boolean hasVlan(String regionId, int vlanId) {
        return pool.existsVlan(vlanId, regionId);
    }

    @Override
    public OptionalInt vlanOf(String regionId, Ipv4Address address) {
        return pool.findVlanOf(address.value(), regionId).map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    @Override
    public Optional<Ipv4Address> heldBy(String instanceId) {
        return pool.findHeldBy(instanceId).map(Ipv4Address::new);
    }

    @Override
    public boolean allocate(Ipv4Address address, String instanceId, Instant at) {
        return claim(address.value(), instanceId, at);
    }

    @Override
    public Optional<Ipv4Address> allocateNext(String regionId, OptionalInt vlanId, String instanceId, Instant at) {
        List<AddressSpan> ranges = vlanId.isPresent() ? pool.findRangesOfVlan(vlanId.getAsInt()) : pool.findRangesOfRegion(regionId);
        if (ranges.isEmpty()) {
            return Optional.empty();
        }
        long lowest = AddressSpan.lowest(ranges);
        // Each lost claim means another transaction took that address, so the loop ends:
        // with an address, or when no free address is left.
        for (int attempt = 0; ; attempt++) {
            long start = attempt < RANDOM_STARTS ? AddressSpan.randomAddress(ranges) : lowest;
            Optional<Long> free = findFree(regionId, vlanId, start);
            if (free.isEmpty() && start > lowest) {
                free = findFree(regionId, vlanId, lowest);
            }
            if (free.isEmpty()) {
                return Optional.empty();
            }
            if (claim(free.get(), instanceId, at)) {
                return Optional.of(new Ipv4Address(free.get()));
            }
        }
    }

    @Override
    public void release(Ipv4Address address) {
        pool.updateReleased(address.value());
    }

    private Optional<Long> findFree(String regionId, OptionalInt vlanId, long from) {
        return vlanId.isPresent() ? pool.findFreeInVlan(vlanId.getAsInt(), from) : pool.findFreeInRegion(regionId, from);
    }

    private boolean claim(long address, String instanceId, Instant at) {
        try {
            return pool.updateHolder(address, instanceId, at) == 1;
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                // the instance holds another address: its unique key says so
                throw new AllocationException(AllocationError.ALLOCATED_ALREADY, e);
            }
            throw e;
        }
    }
}
