package io.publicip.persistence.retry;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Runs a whole transaction again when the database aborted it for a reason that a second try
 * can get past: a deadlock (SQLState 40P01), a serialization failure (40001: PostgreSQL at
 * SERIALIZABLE, CockroachDB, YugabyteDB, and H2's deadlock), or a concurrent create of the same
 * key ({@link ConcurrentCreate}), or a row that kept changing under the transaction ({@link Contended}). Tries are bounded, with jittered exponential back-off, and
 * counted by cause. A transaction still aborted after the last try leaves as
 * {@link RetriesExhausted}, which callers answer as the database being unavailable for now:
 * the request changed nothing and may be sent again.
 *
 * <p>Only the outermost boundary retries: inside a transaction that is already open the work
 * runs once, since an aborted transaction cannot go on, and its caller retries it whole.
 */
@Singleton
public class TransactionRetry {

    /** Why a transaction was tried again; the label of {@code publicip_transaction_retries_total}. */
    public enum Cause {
        DEADLOCK("deadlock"), SERIALIZATION("serialization"), CONCURRENT_CREATE("concurrent_create"), CONTENTION("contention");

        private final String label;

        Cause(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(TransactionRetry.class);

    private final TransactionOperations<Connection> transactions;
    private final int attempts;
    private final long firstBackoffMillis;
    private final Map<Cause, LongAdder> retries = new EnumMap<>(Cause.class);
    private final LongAccumulator mostTries = new LongAccumulator(Math::max, 0);

    public TransactionRetry(TransactionOperations<Connection> transactions,
                            RetrySettings settings) {
        this.transactions = transactions;
        this.attempts = Math.max(1, settings.attempts());
        this.firstBackoffMillis = Math.max(1, settings.firstBackoff().toMillis());
        for (Cause cause : Cause.values()) {
            retries.put(cause, new LongAdder());
        }
    }

    /**
     * Runs {@code transaction}, which must open and end its transaction itself (a
     * {@code @Transactional} method, or {@code TransactionOperations.executeWrite}), again after
     * an abort that can be retried.
     */
    public <T> T run(Supplier<T> transaction) {
        if (transactions.findTransactionStatus().isPresent()) {
            return transaction.get();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                T result = transaction.get();
                mostTries.accumulate(attempt);
                return result;
            } catch (RuntimeException failure) {
                Optional<Cause> cause = causeOf(failure);
                if (cause.isEmpty()) {
                    throw failure;
                }
                if (attempt >= attempts) {
                    mostTries.accumulate(attempt);
                    LOG.warn("Transaction aborted ({}) {} times; giving up", cause.get().label(), attempt);
                    throw new RetriesExhausted(cause.get(), attempt, failure);
                }
                retries.get(cause.get()).increment();
                backOff(attempt);
            }
        }
    }

    /**
     * The most tries one transaction has taken since start-up, to compare with the bound: how
     * much room the bound leaves under this deployment's contention.
     */
    public long mostTriesSinceStart() {
        return mostTries.get();
    }

    /** Transactions tried again for this cause since start-up. */
    public long retriesSinceStart(Cause cause) {
        return retries.get(cause).sum();
    }

    /** Why the database aborted, when a retry can get past it. */
    public static Optional<Cause> causeOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrentCreate) {
                return Optional.of(Cause.CONCURRENT_CREATE);
            }
            if (t instanceof Contended) {
                return Optional.of(Cause.CONTENTION);
            }
            if (isH2DeadlockVictim(t)) {
                return Optional.of(Cause.DEADLOCK);
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                switch (sql.getSQLState()) {
                    case "40P01":
                        return Optional.of(Cause.DEADLOCK);
                    case "40001":
                        // H2 reports a deadlock as 40001 too (its DEADLOCK_1); both are retried alike
                        return Optional.of(sql.getErrorCode() == 40001 ? Cause.DEADLOCK : Cause.SERIALIZATION);
                    default:
                        break;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * H2's other way of naming a deadlock's victim: when the transaction that finds the cycle is
     * not the youngest in it, H2 marks the youngest ROLLING_BACK, and that one's next statement
     * fails with "Transaction N has status ROLLING_BACK, not OPEN" (an illegal-state error, not
     * DEADLOCK_1). It happens where a group commit's transaction, which holds the locks of several
     * requests, meets a transaction of another path in the opposite order.
     */
    private static boolean isH2DeadlockVictim(Throwable t) {
        if (t instanceof org.h2.mvstore.MVStoreException store) {
            return store.getErrorCode() == org.h2.mvstore.DataUtils.ERROR_TRANSACTION_ILLEGAL_STATE
                    && String.valueOf(store.getMessage()).contains("status ROLLING_BACK");
        }
        // H2's general error (50000) that carries it, should the store's exception not be its cause
        return t instanceof SQLException sql && sql.getErrorCode() == 50000
                && String.valueOf(sql.getMessage()).contains("has status ROLLING_BACK, not OPEN");
    }

    private void backOff(int attempt) {
        long ceiling = firstBackoffMillis << Math.min(attempt - 1, 5);
        try {
            // full jitter: contenders that failed together spread out instead of meeting again
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off a retried transaction", e);
        }
    }

    /**
     * A transaction the database aborted on every try. Under heavy contention at SERIALIZABLE a
     * transaction can lose the race for a hot row many times in a row; the bound keeps a request
     * from waiting without end, and its answer says "try again" rather than "broken".
     */
    public static final class RetriesExhausted extends RuntimeException {
        public RetriesExhausted(Cause cause, int attempts, Throwable last) {
            super("transaction aborted (" + cause.label() + ") on each of " + attempts + " tries", last);
        }
    }

    /**
     * What the transaction read kept changing before it could lock it (the holder of an address,
     * say): it is rolled back and run again whole, after a back-off, on fresh reads.
     */
    public static final class Contended extends RuntimeException {
        public Contended(String what) {
            super(what);
        }
    }

    /**
     * A create lost to a concurrent create of the same key: the transaction is rolled back and
     * tried again, and then finds the row and takes the path for an existing one.
     */
    public static final class ConcurrentCreate extends RuntimeException {
        public ConcurrentCreate(String what, Throwable cause) {
            super("concurrent create of " + what, cause);
        }
    }
}
