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
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The pool on its {@code ip_address} rows. A dynamic pick seeks the first free address at or
 * after a random point of the span (wrapping once), so concurrent requests spread over the
 * pool instead of queueing for its lowest free row, and the cost is an index seek however
 * large or full the pool is.
 */
@Singleton
@Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
class JdbcAddressPool implements AddressPool {

    /**
     * How often a pick is retried when every free address it could see was locked by other
     * transactions in flight (they may yet roll back), with a short pause each time.
     */
    private static final int ATTEMPTS = 200;

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
        AddressSpan span = vlanId.isPresent() ? pool.findSpanOfVlan(vlanId.getAsInt()) : pool.findSpanOfRegion(regionId);
        if (span == null || span.isEmpty()) {
            return Optional.empty();
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            long start = ThreadLocalRandom.current().nextLong(span.low(), span.high() + 1);
            Optional<Long> free = findFree(regionId, vlanId, start);
            if (free.isEmpty() && start > span.low()) {
                free = findFree(regionId, vlanId, span.low());
            }
            if (free.isPresent() && claim(free.get(), instanceId, at)) {
                return Optional.of(new Ipv4Address(free.get()));
            }
            if (free.isEmpty() && !existsFree(regionId, vlanId)) {
                return Optional.empty();
            }
            // the free addresses left are all locked by concurrent allocations: wait for them
            pause();
        }
        throw new IllegalStateException("no free address could be locked after " + ATTEMPTS + " attempts");
    }

    private boolean existsFree(String regionId, OptionalInt vlanId) {
        return vlanId.isPresent() ? pool.existsFreeInVlan(vlanId.getAsInt()) : pool.existsFreeInRegion(regionId);
    }

    private static void pause() {
        try {
            Thread.sleep(1 + ThreadLocalRandom.current().nextInt(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a free address", e);
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
