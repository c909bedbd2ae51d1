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

    /** Where in the ranges this thread takes its blocks: a point drawn at random, as a fraction of them. */
    private static final ThreadLocal<double[]> THREAD_POINT = ThreadLocal.withInitial(() -> new double[] {ThreadLocalRandom.current().nextDouble()});

    /**
     * The block of this thread's point: the same random block for a thread's allocations until it
     * is full ({@link #moveThreadPoint}), while other threads take theirs. A group commit's writer
     * then holds one block row however many allocations its transaction carries, so that two
     * writers (of two replicas, say) seldom hold a block the other wants and do not deadlock.
     */
    public static BlockRow threadBlock(List<AddressSpan> ranges, String regionId) {
        long total = total(ranges);
        return blockAt(pointAt(ranges, Math.min(total - 1, (long) (THREAD_POINT.get()[0] * total))), regionId);
    }

    /** This thread's block had no room: its next allocations draw another. */
    public static void moveThreadPoint() {
        THREAD_POINT.get()[0] = ThreadLocalRandom.current().nextDouble();
    }

    /** The block of a random address of the ranges, as the pool's blocks are laid out ({@link BlockLayout}). */
    public static BlockRow randomBlock(List<AddressSpan> ranges, String regionId) {
        return blockAt(randomPoint(ranges), regionId);
    }

    private record Point(AddressSpan range, long address) {
    }

    private static Point randomPoint(List<AddressSpan> ranges) {
        return pointAt(ranges, ThreadLocalRandom.current().nextLong(total(ranges)));
    }

    private static long total(List<AddressSpan> ranges) {
        return ranges.stream().mapToLong(AddressSpan::size).sum();
    }

    /** The address {@code offset} places into the ranges, counted across them in their order. */
    private static Point pointAt(List<AddressSpan> ranges, long offset) {
        for (AddressSpan range : ranges) {
            if (offset < range.size()) {
                return new Point(range, range.low() + offset);
            }
            offset -= range.size();
        }
        throw new IllegalStateException("offset beyond the ranges");
    }

    private static BlockRow blockAt(Point point, String regionId) {
        AddressSpan range = point.range();
        long first = BlockLayout.firstOfBlock(range.low(), point.address());
        return new BlockRow(first, BlockLayout.lastOfBlock(first, range.high()), range.vlanId(), regionId);
    }
}
