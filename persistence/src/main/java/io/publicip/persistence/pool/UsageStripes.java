package io.publicip.persistence.pool;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The per-VLAN usage counter is split in stripes so that concurrent allocations rarely meet on one
 * row. Each thread keeps to one stripe, the threads of a process taking them in turn from a random
 * start: a group commit's writer then holds a single stripe row however many allocations its
 * transaction carries, the writers of one replica never share one, and two writers (of two
 * replicas, say) never hold stripes in opposite orders and deadlock on them.
 */
public final class UsageStripes {

    public static final int COUNT = 16;

    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(COUNT));
    private static final ThreadLocal<Integer> STRIPE = ThreadLocal.withInitial(() -> Math.floorMod(NEXT.getAndIncrement(), COUNT));

    private UsageStripes() {
    }

    public static int pick() {
        return STRIPE.get();
    }
}
