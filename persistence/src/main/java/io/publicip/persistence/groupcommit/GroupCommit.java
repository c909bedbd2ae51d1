package io.publicip.persistence.groupcommit;

import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import io.publicip.persistence.SqlErrors;
import io.publicip.persistence.retry.TransactionRetry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Group commit: the work of concurrent requests runs in one database transaction, each request's
 * in a savepoint of its own, and one commit makes them all durable together. A commit is the
 * costliest step of a short write (on embedded H2 it writes the store's layout map and the path
 * of every B-tree it changed; on PostgreSQL it flushes the WAL), so sharing it among the requests
 * that arrived meanwhile costs each a fraction of it.
 *
 * <p>What each request keeps:
 * <ul>
 *   <li>its own answer: a refusal rolls back to the request's savepoint only, so one refusal never
 *   spoils the others, and is answered once the group has committed (what the refusal wrote
 *   after its rollback, {@code afterRefusal}, commits with the group);</li>
 *   <li>durability: no request is answered before the commit that holds its work;</li>
 *   <li>the database's word on every race: the work takes the same locks and meets the same
 *   constraints as alone. A group that cannot commit (a deadlock with another replica's group, a
 *   serialization failure, a statement that marked the transaction rollback-only) changed
 *   nothing, and each of its requests then runs alone, as it would without group commit, with
 *   the usual retries.</li>
 * </ul>
 * The work may therefore run twice (in the group, then alone), as a retried transaction's does.
 * A commit that failed because the database stopped answering is in doubt, as any request's
 * commit would be: its requests get that failure, not a second run.
 *
 * <p>Not on embedded H2, whatever the setting: H2 (2.3.232) can restore a row twice when it rolls
 * back, and the second restore overwrites what another transaction wrote to the row in between
 * (its undo is a decision that its map makes again after a failed compare-and-set, which any
 * concurrent commit causes; {@code H2RollbackTwiceTest}). A group's rollback, to a request's
 * savepoint or whole, is large, frequent under contention, and wakes the transactions waiting for
 * it: with groups on H2 a block's free count drifted within 20 s of contended load, with or
 * without savepoints. Requests committed alone roll back little at a time, and no drift has been
 * seen from them.
 *
 * <p>A request joins a group only when one is forming. One that finds the queue empty and fewer
 * than {@code writers} requests committing alone commits alone at once, on its own thread: at low
 * load nothing waits for a writer, or for company. The others queue, and writers take what has
 * queued up while they were busy, up to {@code max-batch} requests.
 */
@Singleton
public class GroupCommit {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private final TransactionOperations<Connection> transactions;
    private final TransactionRetry retry;
    private final int maxBatch;
    private final java.time.Duration lockTimeout;
    private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private final LongAdder groups = new LongAdder();
    private final LongAdder grouped = new LongAdder();
    private final LongAdder ranAlone = new LongAdder();
    private final LongAdder atOnce = new LongAdder();
    private final LongAdder requests = new LongAdder();
    /** Requests that may commit alone at once, beside the writers' groups. */
    private final Semaphore aloneNow;
    private volatile boolean closed;

    /** The server's: off on embedded H2 (the class comment says why), with a warning when the setting asked for writers. */
    @jakarta.inject.Inject
    public GroupCommit(TransactionOperations<Connection> transactions, TransactionRetry retry, GroupCommitSettings settings,
                       @io.micronaut.context.annotation.Value("${datasources.default.url:}") String databaseUrl) {
        this(transactions, retry, availableOn(databaseUrl, settings));
    }

    private static GroupCommitSettings availableOn(String databaseUrl, GroupCommitSettings settings) {
        if (settings.writers() > 0 && databaseUrl.startsWith("jdbc:h2:")) {
            LOG.warn("publicip.group-commit.writers={} is ignored on embedded H2, whose rollbacks can overwrite a concurrent write; "
                    + "every request commits alone (docs/durability.md)", settings.writers());
            return new GroupCommitSettings(0, settings.maxBatch(), settings.lockTimeout(), settings.aloneAtOnce());
        }
        return settings;
    }

    /** With these settings on any database: its tests exercise the mechanics on H2 too. */
    public GroupCommit(TransactionOperations<Connection> transactions, TransactionRetry retry, GroupCommitSettings settings) {
        this.transactions = transactions;
        this.retry = retry;
        this.maxBatch = Math.max(1, settings.maxBatch());
        this.lockTimeout = settings.lockTimeout();
        this.aloneNow = new Semaphore(settings.aloneAtOnce() ? Math.max(0, settings.writers()) : 0);
        for (int i = 0; i < settings.writers(); i++) {
            Thread writer = new Thread(this::write, "group-commit-" + i);
            writer.setDaemon(true);
            writers.add(writer);
            writer.start();
        }
    }

    /**
     * Runs {@code work} in a transaction, with other requests' work when group commit is on.
     *
     * @param work         the request's work; it must not open a transaction of its own
     * @param afterRefusal when the work threw (its writes rolled back), runs in the same
     *                     transaction with what it threw; may be null
     * @param alone        the request run by itself, in a transaction of its own, retried: without
     *                     group commit, or when its group could not commit
     */
    public <T> T run(Supplier<T> work, Consumer<RuntimeException> afterRefusal, Supplier<T> alone) {
        requests.increment();
        if (writers.isEmpty() || closed) {
            return alone.get();
        }
        if (queue.isEmpty() && aloneNow.tryAcquire()) {
            // no group is forming: waiting for one would only add a writer's hand-over
            try {
                atOnce.increment();
                return alone.get();
            } finally {
                aloneNow.release();
            }
        }
        Job<T> job = new Job<>(work, afterRefusal);
        queue.add(job);
        Outcome outcome = job.await(this);
        if (outcome instanceof Done done) {
            @SuppressWarnings("unchecked") T value = (T) done.value();
            return value;
        }
        if (outcome instanceof Threw threw) {
            throw threw.failure();
        }
        ranAlone.increment();
        return alone.get();
    }

    /** {@link #run} for work that needs nothing written after a refusal, alone in a retried transaction. */
    public <T> T inTransaction(Supplier<T> work) {
        return run(work, null, () -> retry.run(() -> transactions.executeWrite(status -> work.get())));
    }

    /** Shared transactions committed since start-up. */
    public long groupsSinceStart() {
        return groups.sum();
    }

    /** Requests whose work those transactions carried. */
    public long groupedSinceStart() {
        return grouped.sum();
    }

    /** Requests whose work ran as a write transaction, group commit on or off. */
    public long requestsSinceStart() {
        return requests.sum();
    }

    /** Requests that committed alone at once, finding no group forming. */
    public long atOnceSinceStart() {
        return atOnce.sum();
    }

    /** Requests that ran alone after their group could not commit. */
    public long ranAloneSinceStart() {
        return ranAlone.sum();
    }

    private void write() {
        List<Job<?>> group = new ArrayList<>(maxBatch);
        try {
            while (!closed) {
                Job<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxBatch - 1);
                try {
                    commit(group);
                } catch (Throwable bug) { // checked ones too: Micronaut rethrows some unchecked
                    LOG.error("Group commit writer failed; its requests run alone", bug);
                } finally {
                    // answered already, unless the commit above failed before it could answer
                    group.forEach(job -> job.complete(RunAlone.INSTANCE));
                    group.clear();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            group.forEach(job -> job.complete(RunAlone.INSTANCE));
        }
    }

    private void commit(List<Job<?>> group) {
        Outcome[] outcomes = new Outcome[group.size()];
        TransactionSynchronization.Status[] completion = {null};
        boolean[] allRan = {false};
        try {
            transactions.executeWrite(status -> {
                status.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(Status ended) {
                        completion[0] = ended;
                    }
                });
                Connection connection = status.getConnection();
                TransactionState.boundLockWaits(connection, lockTimeout);
                for (int i = 0; i < group.size(); i++) {
                    if (status.isRollbackOnly()) {
                        // a failure under a nested @Transactional marked the whole transaction
                        // rollback-only: the group will not commit
                        throw new Spoiled(i, RunAlone.INSTANCE, null);
                    }
                    outcomes[i] = runInSavepoint(connection, group.get(i), i);
                    if (TransactionState.aborted(connection)) {
                        // something the work caught left PostgreSQL's transaction aborted; a
                        // commit now would roll back silently
                        throw new Spoiled(i, outcomes[i] instanceof Threw ? outcomes[i] : RunAlone.INSTANCE, null);
                    }
                }
                allRan[0] = true;
                return null;
            });
        } catch (Spoiled spoiled) {
            // nothing was committed: the request that spoiled the group keeps its own answer
            // when it has one, the others run alone
            LOG.debug("A group of {} was spoiled by its request {}; the others run alone", group.size(), spoiled.index, spoiled.getCause());
            group.get(spoiled.index).complete(spoiled.outcome);
            group.forEach(job -> job.complete(RunAlone.INSTANCE));
            return;
        } catch (Exception failure) { // checked ones too: Micronaut rethrows some unchecked
            if (completion[0] != TransactionSynchronization.Status.COMMITTED) {
                // not committed, or not known to be: a failure before the commit, or a rollback,
                // leaves nothing behind, so the requests run alone; a commit whose outcome the
                // database did not tell is in doubt, as any request's would be, and its requests
                // get that failure rather than a second run
                boolean inDoubt = allRan[0] && completion[0] != TransactionSynchronization.Status.ROLLED_BACK;
                Outcome instead = inDoubt || SqlErrors.isUnavailable(failure)
                        ? new Threw(failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure))
                        : RunAlone.INSTANCE;
                LOG.debug("A group of {} did not commit ({})", group.size(), completion[0], failure);
                group.forEach(job -> job.complete(instead));
                return;
            }
            // committed, then something after the commit failed: the work is durable
            LOG.warn("A group of {} committed, then failed", group.size(), failure);
        }
        groups.increment();
        grouped.add(group.size());
        for (int i = 0; i < group.size(); i++) {
            group.get(i).complete(outcomes[i]);
        }
    }

    /**
     * One request's work in its savepoint. A refusal of the rules rolls back to the savepoint; an
     * error of the database spoils the group, because it may have undone more than this request's
     * statements (H2 rolls the whole transaction back on a deadlock, and leaves the savepoints in
     * place as if nothing happened).
     */
    private static Outcome runInSavepoint(Connection connection, Job<?> job, int index) {
        Savepoint savepoint = savepoint(connection);
        try {
            return new Done(job.work().get());
        } catch (Exception thrown) { // checked ones too: Micronaut rethrows some unchecked
            RuntimeException refused = thrown instanceof RuntimeException runtime ? runtime : new IllegalStateException(thrown);
            if (SqlErrors.fromDatabase(refused)) {
                // alone, it is retried (a deadlock), or answered as alone (a statement out of time)
                throw new Spoiled(index, SqlErrors.isUnavailable(refused) ? new Threw(refused) : RunAlone.INSTANCE, refused);
            }
            rollback(connection, savepoint);
            if (job.afterRefusal() != null) {
                Savepoint after = savepoint(connection);
                try {
                    job.afterRefusal().accept(refused);
                } catch (RuntimeException failed) {
                    if (SqlErrors.fromDatabase(failed)) {
                        throw new Spoiled(index, new Threw(refused), failed);
                    }
                    rollback(connection, after);
                }
            }
            return new Threw(refused);
        }
    }

    /** The group cannot commit because of request {@code index}, whose answer is {@code outcome}. */
    private static final class Spoiled extends RuntimeException {
        final int index;
        final Outcome outcome;

        Spoiled(int index, Outcome outcome, Throwable cause) {
            super("group spoiled by request " + index, cause, false, false);
            this.index = index;
            this.outcome = outcome;
        }
    }

    private static Savepoint savepoint(Connection connection) {
        try {
            return connection.setSavepoint();
        } catch (SQLException e) {
            throw new IllegalStateException("could not set a savepoint", e);
        }
    }

    private static void rollback(Connection connection, Savepoint savepoint) {
        try {
            connection.rollback(savepoint);
        } catch (SQLException e) {
            throw new IllegalStateException("could not roll back to a savepoint", e);
        }
    }

    /** Requests still queued run alone; writers stop once their group is answered. */
    @PreDestroy
    void close() {
        closed = true;
        for (Thread writer : writers) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Job<?> left; (left = queue.poll()) != null; ) {
            left.complete(RunAlone.INSTANCE);
        }
    }

    private sealed interface Outcome permits Done, Threw, RunAlone {
    }

    private record Done(Object value) implements Outcome {
    }

    private record Threw(RuntimeException failure) implements Outcome {
    }

    private enum RunAlone implements Outcome {
        INSTANCE
    }

    private record Job<T>(Supplier<T> work, Consumer<RuntimeException> afterRefusal, CompletableFuture<Outcome> answer) {

        Job(Supplier<T> work, Consumer<RuntimeException> afterRefusal) {
            this(work, afterRefusal, new CompletableFuture<>());
        }

        void complete(Outcome outcome) {
            answer.complete(outcome);
        }

        /** The outcome; a job queued while the writers stopped, and so never taken, runs alone. */
        Outcome await(GroupCommit owner) {
            try {
                while (true) {
                    try {
                        return answer.get(1, TimeUnit.SECONDS);
                    } catch (TimeoutException waiting) {
                        if ((owner.closed || owner.writers.stream().noneMatch(Thread::isAlive)) && owner.queue.remove(this)) {
                            return RunAlone.INSTANCE;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the group commit", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("group commit failed", e.getCause());
            }
        }
    }
}
