package io.publicip.administration;

import io.publicip.persistence.retry.TransactionRetry;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import io.publicip.persistence.SqlErrors;
import io.publicip.administration.instance.InstanceAdministration;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Aborts a retry gets past are retried whole, on the real database, and counted; others are not. */
@MicronautTest(environments = "test", transactional = false)
class TransactionRetryTest {

    @Inject
    TransactionRetry retry;
    @Inject
    TransactionOperations<Connection> transactions;
    @Inject
    JdbcOperations jdbc;
    @Inject
    TestWorld world;
    @Inject
    InstanceAdministration instances;

    @BeforeEach
    void freshWorld() {
        world.reset();
    }

    @Test
    void causesAreReadFromTheSqlState() {
        assertEquals(Optional.of(TransactionRetry.Cause.DEADLOCK), TransactionRetry.causeOf(wrapped(new SQLException("x", "40P01"))));
        assertEquals(Optional.of(TransactionRetry.Cause.SERIALIZATION), TransactionRetry.causeOf(wrapped(new SQLException("x", "40001"))));
        assertEquals(Optional.of(TransactionRetry.Cause.DEADLOCK), TransactionRetry.causeOf(wrapped(new SQLException("x", "40001", 40001))),
                "H2 reports its deadlocks as 40001 with error code 40001");
        assertEquals(Optional.of(TransactionRetry.Cause.CONCURRENT_CREATE),
                TransactionRetry.causeOf(new TransactionRetry.ConcurrentCreate("x", new SQLException("x", "23505"))));
        assertEquals(Optional.empty(), TransactionRetry.causeOf(wrapped(new SQLException("x", "23505"))), "a unique violation as such is an answer");
        assertEquals(Optional.empty(), TransactionRetry.causeOf(new IllegalStateException("a bug")));
    }

    @Test
    void anAbortedTransactionIsRunAgainAndCounted() {
        long before = retry.retriesSinceStart(TransactionRetry.Cause.SERIALIZATION);
        AtomicInteger tries = new AtomicInteger();
        String answer = retry.run(() -> {
            if (tries.incrementAndGet() < 3) {
                throw wrapped(new SQLException("could not serialize access", "40001"));
            }
            return "done";
        });
        assertEquals("done", answer);
        assertEquals(3, tries.get());
        assertEquals(before + 2, retry.retriesSinceStart(TransactionRetry.Cause.SERIALIZATION));
    }

    @Test
    void triesAreBoundedAndOtherFailuresAreNotRetried() {
        AtomicInteger tries = new AtomicInteger();
        TransactionRetry.RetriesExhausted exhausted = assertThrows(TransactionRetry.RetriesExhausted.class, () -> retry.run(() -> {
            tries.incrementAndGet();
            throw wrapped(new SQLException("deadlock detected", "40P01"));
        }));
        assertEquals(100, tries.get(), "publicip.database.retry.attempts (RetrySettings)");
        assertTrue(SqlErrors.isUnavailable(exhausted), "answered ServiceUnavailable: the request may be sent again");
        AtomicInteger once = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> retry.run(() -> {
            once.incrementAndGet();
            throw new IllegalStateException("a bug");
        }));
        assertEquals(1, once.get());
    }

    @Test
    void insideAnOpenTransactionTheWorkRunsOnceAndTheOuterBoundaryRetries() {
        AtomicInteger tries = new AtomicInteger();
        assertThrows(RuntimeException.class, () -> transactions.executeWrite(status -> retry.run(() -> {
            tries.incrementAndGet();
            throw wrapped(new SQLException("could not serialize access", "40001"));
        })));
        assertEquals(1, tries.get());
    }

    @Inject
    FlakyWrite flaky;

    /** Each try of a {@code @RetriedTransaction} method is a transaction of its own. */
    @Test
    void everyTryOfAnAnnotatedMethodRunsInATransaction() {
        flaky.inTransaction.clear();
        assertEquals("written", flaky.write(3));
        assertEquals(List.of(true, true, true, true), flaky.inTransaction);
    }

    /** Two transactions lock two instances in opposite orders: the database breaks the deadlock, the loser is tried again. */
    @Test
    void aRealDeadlockIsRetriedToSuccess() throws Exception {
        world.addAllocatable("i-a");
        world.addAllocatable("i-b");
        long before = retry.retriesSinceStart(TransactionRetry.Cause.DEADLOCK) + retry.retriesSinceStart(TransactionRetry.Cause.SERIALIZATION);
        CyclicBarrier bothHoldOne = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (String[] order : List.of(new String[]{"i-a", "i-b"}, new String[]{"i-b", "i-a"})) {
                AtomicInteger tries = new AtomicInteger();
                done.add(threads.submit(() -> retry.run(() -> transactions.executeWrite(status -> {
                    lock(order[0]);
                    if (tries.incrementAndGet() == 1) {
                        try {
                            bothHoldOne.await(10, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    lock(order[1]);
                    return tries.get();
                }))));
            }
            int totalTries = done.get(0).get(30, TimeUnit.SECONDS) + done.get(1).get(30, TimeUnit.SECONDS);
            assertTrue(totalTries >= 3, "one of them was tried again: " + totalTries);
        } finally {
            threads.shutdownNow();
        }
        long after = retry.retriesSinceStart(TransactionRetry.Cause.DEADLOCK) + retry.retriesSinceStart(TransactionRetry.Cause.SERIALIZATION);
        assertTrue(after > before, "the retry was counted");
    }

    /** Concurrent PUTs creating one new instance: one creates it, the others replace it; none fails. */
    @Test
    void concurrentCreatesOfOneInstanceAllSucceed() throws Exception {
        int racers = 8;
        CyclicBarrier start = new CyclicBarrier(racers);
        ExecutorService threads = Executors.newFixedThreadPool(racers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                done.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return instances.put(TestWorld.allocatable("i-new"));
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, world.count("SELECT COUNT(*) FROM instance WHERE instance_id = 'i-new'"));
    }

    private void lock(String instanceId) {
        jdbc.prepareStatement("SELECT instance_id FROM instance WHERE instance_id = ? FOR UPDATE", ps -> {
            ps.setString(1, instanceId);
            ps.executeQuery().close();
            return null;
        });
    }

    private static RuntimeException wrapped(SQLException cause) {
        return new io.micronaut.data.exceptions.DataAccessException("wrapped", cause);
    }
}
