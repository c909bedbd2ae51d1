package io.publicip.persistence.pool;

import java.util.concurrent.ThreadLocalRandom;

/** The per-VLAN usage counter is split in stripes so that concurrent allocations rarely meet on one row. */
public final class UsageStripes {

    public static final int COUNT = 16;

    private UsageStripes() {
    }

    public static int pick() {
        return ThreadLocalRandom.current().nextInt(COUNT);
    }
}
