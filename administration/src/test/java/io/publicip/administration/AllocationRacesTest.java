package io.publicip.administration;


import io.publicip.allocation.Ipv4Address;
import io.publicip.administration.instance.InstanceAdministration;
import io.publicip.administration.pool.AllocationAdministration;
import io.publicip.persistence.repair.Audit;
import io.publicip.persistence.repair.Reconciliation;
import io.publicip.persistence.retry.TransactionRetry;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.publicip.allocation.AllocationError;
import io.publicip.allocation.AllocationException;
import io.publicip.allocation.AllocationRequest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Concurrent requests against one database: its constraints and locks decide, exactly once. */
@MicronautTest(environments = "test", transactional = false)
class AllocationRacesTest {

    static final int RACERS = 32;

    @Inject
    TestWorld world;
    @Inject
    TransactionRetry retry;
    @Inject
    AllocationAdministration allocations;
    @Inject
    InstanceAdministration instances;
    @Inject
    Reconciliation reconciliation;

    @BeforeEach
    void freshWorld() {
        world.reset();
    }

    @Test
    void oneAddressManyInstancesExactlyOneWins() throws Exception {
        for (int i = 0; i < RACERS; i++) {
            world.addAllocatable("i-" + i);
        }
        Map<String, AtomicInteger> outcomes = race(i -> new AllocationRequest("i-" + i, "10.0.0.4", null, null));
        assertEquals(1, outcomes.get("OK").get(), outcomes.toString());
        assertEquals(RACERS - 1, outcomes.get(AllocationError.IP_IN_USE.name()).get(), outcomes.toString());
        assertEquals(1, world.count("SELECT COUNT(*) FROM allocation"));
        assertEquals(1, world.count("SELECT COUNT(*) FROM gateway_binding"));
    }

    @Test
    void oneInstanceManyRequestsExactlyOneWins() throws Exception {
        world.addAllocatable("i-1");
        Map<String, AtomicInteger> outcomes = race(i -> new AllocationRequest("i-1", null, null, null));
        assertEquals(1, outcomes.get("OK").get(), outcomes.toString());
        assertEquals(RACERS - 1, outcomes.get(AllocationError.ALLOCATED_ALREADY.name()).get(), outcomes.toString());
        assertEquals(1, world.count("SELECT COUNT(*) FROM allocation WHERE instance_id = 'i-1'"));
    }

    @Test
    void manyInstancesFillThePoolWithoutDuplicates() throws Exception {
        // 8 addresses in r1 and 32 instances: 8 succeed, each with its own address, 24 find the region full
        for (int i = 0; i < RACERS; i++) {
            world.addAllocatable("i-" + i);
        }
        Map<String, AtomicInteger> outcomes = race(i -> new AllocationRequest("i-" + i, null, null, null));
        assertEquals(8, outcomes.get("OK").get(), outcomes.toString());
        assertEquals(RACERS - 8, outcomes.get(AllocationError.REGION_EXHAUSTED.name()).get(), outcomes.toString());
        assertEquals(8, world.count("SELECT COUNT(DISTINCT address) FROM allocation"));
    }

    /**
     * Allocations of one address by many instances, against operator releases of it and deletes
     * of the instances, all at once: whatever the interleaving, no allocation is left without its
     * binding or the reverse, and the block's count is right (the lock order, LockOrder).
     */
    @Test
    void allocationsReleasesAndDeletesOfOneAddressStayInStep() throws Exception {
        for (int i = 0; i < RACERS; i++) {
            world.addAllocatable("i-" + i);
        }
        Ipv4Address contested = Ipv4Address.of("10.0.0.4");
        for (int round = 0; round < 5; round++) {
            together(n -> {
                switch (n % 4) {
                    case 0, 1 -> {
                        try {
                            retry.run(() -> world.allocate(new AllocationRequest("i-" + n, "10.0.0.4", null, null)));
                        } catch (AllocationException refused) {
                            // IpInUse, AllocatedAlready, InvalidInstanceId.NotFound: all fine here
                        }
                    }
                    case 2 -> allocations.release(contested);
                    default -> {
                        try {
                            instances.delete("i-" + (n - 3));
                        } catch (OperatorRejection gone) {
                            // deleted in an earlier round
                        }
                    }
                }
            });
            Audit audit = reconciliation.audit();
            assertTrue(audit.holds(), "round " + round + ": " + audit);
            assertTrue(audit.allocations() <= 1, audit.toString());
        }
    }

    private Map<String, AtomicInteger> race(java.util.function.IntFunction<AllocationRequest> request) throws Exception {
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        together(n -> {
            String outcome;
            try {
                // as the server calls it: an abort a retry gets past (at SERIALIZABLE) is retried
                retry.run(() -> world.allocate(request.apply(n)));
                outcome = "OK";
            } catch (AllocationException e) {
                outcome = e.error().name();
            }
            outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
        });
        return outcomes;
    }

    /** Runs the racer for 0 to RACERS - 1, each on a thread of its own, all released at once. */
    private static void together(java.util.function.IntConsumer racer) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                int n = i;
                futures.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    racer.accept(n);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
