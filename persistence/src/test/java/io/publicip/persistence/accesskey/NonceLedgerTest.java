package io.publicip.persistence.accesskey;

import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A nonce is good once per key within the window, again after it, and once only under a race. */
@MicronautTest(environments = "test", transactional = false)
class NonceLedgerTest {

    @Inject
    JdbcOperations jdbc;
    @Inject
    TransactionOperations<Connection> transactions;
    @Inject
    ConnectionOperations<Connection> connections;
    @Inject
    io.publicip.persistence.retry.TransactionRetry retry;
    @Inject
    io.publicip.persistence.groupcommit.GroupCommit groupCommit;

    private final Instant start = Instant.parse("2026-01-01T00:00:00Z");
    private Instant now;
    private NonceLedger ledger;

    @BeforeEach
    void ledgerWithItsOwnClock() {
        now = start;
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        ledger = new NonceLedger(jdbc, transactions, connections, clock, retry, groupCommit);
    }

    @Test
    void aNonceIsAcceptedOncePerKeyWithinTheWindow() {
        String nonce = UUID.randomUUID().toString();
        assertTrue(ledger.firstUse("key-a", nonce));
        assertFalse(ledger.firstUse("key-a", nonce));
        assertTrue(ledger.firstUse("key-b", nonce), "another key's nonces are its own");
        now = start.plus(NonceLedger.WINDOW).minusSeconds(1);
        assertFalse(ledger.firstUse("key-a", nonce), "still within the window");
    }

    @Test
    void aNonceOlderThanTheWindowIsAcceptedAgainOnce() {
        String nonce = UUID.randomUUID().toString();
        assertTrue(ledger.firstUse("key-a", nonce));
        now = start.plus(NonceLedger.WINDOW).plus(Duration.ofSeconds(1));
        assertTrue(ledger.firstUse("key-a", nonce));
        assertFalse(ledger.firstUse("key-a", nonce), "the new use starts a new window");
    }

    @Test
    void concurrentUsesOfOneNonceHaveOneWinner() throws Exception {
        for (boolean expiredBefore : new boolean[] {false, true}) {
            String nonce = UUID.randomUUID().toString();
            now = start;
            if (expiredBefore) {
                assertTrue(ledger.firstUse("key-a", nonce));
                now = start.plus(NonceLedger.WINDOW).plusSeconds(1);
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Boolean>> uses = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    uses.add(() -> ledger.firstUse("key-a", nonce));
                }
                int accepted = 0;
                for (Future<Boolean> use : pool.invokeAll(uses)) {
                    accepted += use.get() ? 1 : 0;
                }
                assertEquals(1, accepted, expiredBefore ? "an expired nonce" : "a fresh nonce");
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
