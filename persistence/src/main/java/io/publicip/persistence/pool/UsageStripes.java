package io.publicip.persistence.pool;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The per-VLAN usage counter is split in stripes so that concurrent allocations rarely meet on one
 * row. Each thread keeps to one stripe, chosen at random once: a group commit's writer then holds
 * a single stripe row however many allocations its transaction carries, so that two writers (of
 * two replicas, say) never hold stripes in opposite orders and deadlock on them.
 */
public final class UsageStripes {

    public static final int COUNT = 16;

    private static final ThreadLocal<Integer> STRIPE = ThreadLocal.withInitial(() -> ThreadLocalRandom.current().nextInt(COUNT));

    private UsageStripes() {
    }

    public static int pick() {
        return STRIPE.get();
    }
}
