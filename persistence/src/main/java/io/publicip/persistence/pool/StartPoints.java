package io.publicip.persistence.pool;

import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The address ranges a dynamic allocation draws its random block and starting point from,
 * remembered for a few seconds instead of read by every allocation. They are only a hint: a
 * block taken from them must still be, in the database, the block they describe, and the
 * search for a block with room ends with a seek from the bottom of the pool, so ranges a moment
 * out of date (a VLAN created or deleted, here or by another replica) cost at most a less random
 * start, never a wrong answer. An empty answer is never remembered: a new VLAN counts at once.
 */
@Singleton
class StartPoints {

    private record Remembered(List<AddressSpan> ranges, Instant until) {
    }

    private final PoolRepository pool;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    StartPoints(PoolRepository pool, Clock clock, PoolSettings settings) {
        this.pool = pool;
        this.clock = clock;
        this.ttl = settings.startPointsTtl();
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    List<AddressSpan> of(String regionId, OptionalInt vlanId) {
        String key = vlanId.isPresent() ? "vlan:" + vlanId.getAsInt() : "region:" + regionId;
        Instant now = clock.instant();
        Remembered known = remembered.get(key);
        if (known != null && now.isBefore(known.until())) {
            return known.ranges();
        }
        List<AddressSpan> ranges = vlanId.isPresent() ? pool.findRangesOfVlan(vlanId.getAsInt()) : pool.findRangesOfRegion(regionId);
        if (ranges.isEmpty() || ttl.isZero()) {
            remembered.remove(key);
        } else {
            remembered.put(key, new Remembered(List.copyOf(ranges), now.plus(ttl)));
        }
        return ranges;
    }
}
