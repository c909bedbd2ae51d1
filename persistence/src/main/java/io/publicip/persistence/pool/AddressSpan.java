package io.publicip.persistence.pool;

import io.micronaut.core.annotation.Introspected;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The usable addresses of one range, lowest and highest. */
@Introspected
public record AddressSpan(long low, long high) {

    long size() {
        return high - low + 1;
    }

    /** A random address of the ranges, each address equally likely, so big ranges get most picks. */
    static long randomAddress(List<AddressSpan> ranges) {
        long total = ranges.stream().mapToLong(AddressSpan::size).sum();
        long offset = ThreadLocalRandom.current().nextLong(total);
        for (AddressSpan range : ranges) {
            if (offset < range.size()) {
                return range.low() + offset;
            }
            offset -= range.size();
        }
        throw new IllegalStateException("offset beyond the ranges");
    }
}
