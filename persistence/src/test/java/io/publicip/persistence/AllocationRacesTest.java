package io.publicip.persistence;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.publicip.allocation.AllocationError;
import io.publicip.allocation.AllocationException;
import io.publicip.allocation.AllocationRequest;
import io.publicip.allocation.PublicIpAllocator;
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

/** Concurrent requests against one database: its constraints and locks decide, exactly once. */
@MicronautTest(environments = "test", transactional = false)
class AllocationRacesTest {

    static final int RACERS = 32;

    @Inject
    PublicIpAllocator allocator;
    @Inject
    TestWorld world;

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

    private Map<String, AtomicInteger> race(java.util.function.IntFunction<AllocationRequest> request) throws Exception {
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                int n = i;
                futures.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    String outcome;
                    try {
                        allocator.allocate(request.apply(n));
                        outcome = "OK";
                    } catch (AllocationException e) {
                        outcome = e.error().name();
                    }
                    outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
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
        return outcomes;
    }
}
