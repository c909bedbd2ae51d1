package io.publicip.persistence.pool;

import io.micronaut.core.annotation.Introspected;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The usable addresses of one range of a VLAN, lowest and highest. */
@Introspected
public record AddressSpan(long low, long high, int vlanId) {

    long size() {
        return high - low + 1;
    }

    /** A random address of the ranges, each address equally likely, so big ranges get most picks. */
    static long randomAddress(List<AddressSpan> ranges) {
        return randomPoint(ranges).address();
    }

    /** The block of a random address of the ranges, as the pool's blocks are laid out ({@link BlockLayout}). */
    public static BlockRow randomBlock(List<AddressSpan> ranges, String regionId) {
        Point point = randomPoint(ranges);
        AddressSpan range = point.range();
        long first = BlockLayout.firstOfBlock(range.low(), point.address());
        return new BlockRow(first, BlockLayout.lastOfBlock(first, range.high()), range.vlanId(), regionId);
    }

    private record Point(AddressSpan range, long address) {
    }

    private static Point randomPoint(List<AddressSpan> ranges) {
        long total = ranges.stream().mapToLong(AddressSpan::size).sum();
        long offset = ThreadLocalRandom.current().nextLong(total);
        for (AddressSpan range : ranges) {
            if (offset < range.size()) {
                return new Point(range, range.low() + offset);
            }
            offset -= range.size();
        }
        throw new IllegalStateException("offset beyond the ranges");
    }
}
