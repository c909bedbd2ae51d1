package io.publicip.persistence.groupcommit;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import io.publicip.persistence.retry.TransactionRetry;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests grouped in one transaction keep their own answers: a refusal, or a statement the
 * database refused, rolls back its own request's writes only; a group that cannot commit runs
 * each request again alone. On the test database (H2, or PostgreSQL when CI points the suite at
 * it), with its own writers, as the server runs them.
 */
@MicronautTest(environments = "test", transactional = false)
class GroupCommitTest {

    private static final int REQUESTS = 24;

    @Inject
    JdbcOperations jdbc;
    @Inject
    TransactionOperations<Connection> transactions;
    @Inject
    TransactionRetry retry;

    private GroupCommit groupCommit;

    @BeforeEach
    void emptyTable() {
        groupCommit = new GroupCommit(transactions, retry, new GroupCommitSettings(1, 32, java.time.Duration.ofMillis(100), false));
        transactions.executeWrite(status -> {
            jdbc.prepareStatement("CREATE TABLE IF NOT EXISTS group_commit_probe (name VARCHAR(40) PRIMARY KEY)", ps -> ps.execute());
            jdbc.prepareStatement("DELETE FROM group_commit_probe", ps -> ps.executeUpdate());
            return null;
        });
    }

    @Test
    void aRefusalRollsBackItsOwnWritesOnlyAndEveryRequestKeepsItsAnswer() throws Exception {
        long groupedBefore = groupCommit.groupedSinceStart();
        long groupsBefore = groupCommit.groupsSinceStart();
        List<Object> answers = together(n -> groupCommit.run(() -> {
            insert("work-" + n);
            if (n == 0) {
                sleep(300); // the others queue up behind the first group meanwhile
            }
            if (n % 3 == 1) {
                throw new Refused(n);
            }
            return "answer-" + n;
        }, refused -> insert("after-refusal-" + ((Refused) refused).n), () -> {
            throw new AssertionError("no group here needs to run alone");
        }));
        Set<String> expected = new TreeSet<>();
        for (int n = 0; n < REQUESTS; n++) {
            if (n % 3 == 1) {
                assertInstanceOf(Refused.class, answers.get(n));
                assertEquals(n, ((Refused) answers.get(n)).n, "each refusal goes to its own request");
                expected.add("after-refusal-" + n);
            } else {
                assertEquals("answer-" + n, answers.get(n));
                expected.add("work-" + n);
            }
        }
        assertEquals(expected, names());
        long groups = groupCommit.groupsSinceStart() - groupsBefore;
        assertEquals(REQUESTS, groupCommit.groupedSinceStart() - groupedBefore);
        assertTrue(groups < REQUESTS, "requests shared commits: " + groups + " groups for " + REQUESTS);
    }

    /**
     * The server's group commit is off on embedded H2 whatever the setting, because H2's rollbacks
     * can overwrite a concurrent write ({@code H2RollbackTwiceTest}); on PostgreSQL it runs groups.
     */
    @Test
    void theServersGroupCommitStaysOffOnEmbeddedH2() {
        GroupCommitSettings two = new GroupCommitSettings(2, 32, java.time.Duration.ofMillis(100), false);
        GroupCommit onH2 = new GroupCommit(transactions, retry, two, "jdbc:h2:file:./data/publicip");
        GroupCommit onPostgres = new GroupCommit(transactions, retry, two, "jdbc:postgresql://127.0.0.1:5432/test");
        try {
            assertEquals("alone", onH2.run(() -> "grouped", null, () -> "alone"), "H2: every request commits alone");
            assertEquals("grouped", onPostgres.run(() -> "grouped", null, () -> "alone"), "PostgreSQL: a writer carries it");
        } finally {
            onH2.close();
            onPostgres.close();
        }
    }

    /**
     * A statement the database refused may have undone more than its own request's writes (H2
     * rolls the whole transaction back on a deadlock; PostgreSQL aborts it until a rollback to a
     * savepoint): the group does not commit, and its requests run alone, where the duplicate gets
     * its own error and the others their answers.
     */
    @Test
    void aStatementTheDatabaseRefusedSendsItsGroupAlone() throws Exception {
        insertAlone("taken");
        long aloneBefore = groupCommit.ranAloneSinceStart();
        List<Object> answers = together(n -> {
            java.util.function.Supplier<Object> work = () -> {
                if (n == 0) {
                    sleep(300);
                }
                insert(n % 4 == 2 ? "taken" : "work-" + n); // a duplicate key: the database refuses it
                return "answer-" + n;
            };
            return groupCommit.run(work, null, () -> transactions.executeWrite(status -> work.get()));
        });
        Set<String> expected = new TreeSet<>(Set.of("taken"));
        for (int n = 0; n < REQUESTS; n++) {
            if (n % 4 == 2) {
                assertInstanceOf(RuntimeException.class, answers.get(n), "the duplicate key's own answer");
            } else {
                assertEquals("answer-" + n, answers.get(n));
                expected.add("work-" + n);
            }
        }
        assertEquals(expected, names());
        assertTrue(groupCommit.ranAloneSinceStart() > aloneBefore, "the spoiled groups ran alone");
    }

    /**
     * Work that catches the database's refusal and carries on leaves PostgreSQL's transaction
     * aborted, and a commit would then roll back without an error: every answer given would be a
     * lie. The group must notice: no acknowledged row may be missing.
     */
    @Test
    void anErrorTheWorkCaughtLosesNoAcknowledgedWrite() throws Exception {
        insertAlone("taken");
        List<Object> answers = together(n -> {
            java.util.function.Supplier<Object> work = () -> {
                if (n == 0) {
                    sleep(300);
                }
                if (n == REQUESTS - 1) {
                    try {
                        insert("taken");
                    } catch (RuntimeException duplicate) {
                        return "caught-" + n; // on PostgreSQL the transaction is now aborted
                    }
                }
                insert("work-" + n);
                return "answer-" + n;
            };
            return groupCommit.run(work, null, () -> transactions.executeWrite(status -> work.get()));
        });
        Set<String> expected = new TreeSet<>(Set.of("taken"));
        for (int n = 0; n < REQUESTS - 1; n++) {
            assertEquals("answer-" + n, answers.get(n));
            expected.add("work-" + n);
        }
        assertEquals(expected, names(), "every acknowledged write is there");
    }

    /**
     * A request whose statement ran out of time gets that failure as its answer, as it would
     * alone (ServiceUnavailable at the front door), and runs no second time; the others of its
     * group run alone, and nothing is written after the failure.
     */
    @Test
    void aRequestThatRanOutOfTimeIsAnsweredAndTheOthersRunAlone() throws Exception {
        Set<Integer> ranAlone = ConcurrentHashMap.newKeySet();
        List<Object> answers = together(n -> groupCommit.run(() -> {
            insert("work-" + n);
            if (n == 0) {
                sleep(300);
            }
            if (n == 3) {
                throw new IllegalStateException("statement timed out", new java.sql.SQLTimeoutException("canceled", "57014"));
            }
            return "answer-" + n;
        }, refused -> insert("after-refusal"), () -> {
            ranAlone.add(n);
            transactions.executeWrite(status -> insert("work-" + n));
            return "answer-" + n;
        }));
        Set<String> expected = new TreeSet<>();
        for (int n = 0; n < REQUESTS; n++) {
            if (n == 3) {
                assertInstanceOf(IllegalStateException.class, answers.get(n));
            } else {
                assertEquals("answer-" + n, answers.get(n));
                expected.add("work-" + n);
            }
        }
        assertTrue(!ranAlone.contains(3), "the request out of time was answered, not run again");
        assertEquals(expected, names());
    }

    /**
     * Work that marks the shared transaction rollback-only (a failure under a nested
     * {@code @Transactional}, which a savepoint cannot undo) keeps the group from committing:
     * nothing of the group is kept, and each request runs again alone.
     */
    @Test
    void aGroupThatCannotCommitRunsEachRequestAgainAlone() throws Exception {
        long aloneBefore = groupCommit.ranAloneSinceStart();
        Set<Integer> ranAlone = ConcurrentHashMap.newKeySet();
        List<Object> answers = together(n -> groupCommit.run(() -> {
            insert("work-" + n);
            if (n == 0) {
                sleep(300);
            }
            if (n == 5) {
                try {
                    transactions.executeWrite(status -> {
                        throw new IllegalStateException("fails under a participant");
                    });
                } catch (IllegalStateException expected) {
                    // the transaction is marked rollback-only all the same
                }
            }
            return "grouped-" + n;
        }, null, () -> {
            ranAlone.add(n);
            transactions.executeWrite(status -> insert("alone-" + n));
            return "alone-" + n;
        }));
        assertTrue(ranAlone.contains(5), "the request that spoiled its group ran alone");
        Set<String> expected = new TreeSet<>();
        for (int n = 0; n < REQUESTS; n++) {
            expected.add(ranAlone.contains(n) ? "alone-" + n : "work-" + n);
            assertEquals((ranAlone.contains(n) ? "alone-" : "grouped-") + n, answers.get(n));
        }
        assertEquals(expected, names(), "nothing of the spoiled group was kept");
        assertEquals(ranAlone.size(), groupCommit.ranAloneSinceStart() - aloneBefore);
    }

    @Test
    void withoutWritersEveryRequestRunsAlone() {
        GroupCommit off = new GroupCommit(transactions, retry, new GroupCommitSettings(0, 32, java.time.Duration.ZERO, false));
        assertEquals("alone", off.run(() -> "grouped", null, () -> "alone"));
    }

    private static final class Refused extends RuntimeException {
        final int n;

        Refused(int n) {
            super("refused " + n, null, false, false);
            this.n = n;
        }
    }

    /** Runs the requests on threads of their own, the first alone first; answers or what they threw. */
    private List<Object> together(IntFunction<Object> request) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(REQUESTS);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            CountDownLatch firstStarted = new CountDownLatch(1);
            for (int i = 0; i < REQUESTS; i++) {
                int n = i;
                futures.add(threads.submit(() -> {
                    if (n > 0) {
                        firstStarted.await(5, TimeUnit.SECONDS);
                        sleep(50);
                    } else {
                        firstStarted.countDown();
                    }
                    try {
                        return request.apply(n);
                    } catch (RuntimeException thrown) {
                        return thrown;
                    }
                }));
            }
            List<Object> answers = new ArrayList<>();
            for (Future<Object> future : futures) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            threads.shutdownNow();
            groupCommit.close();
        }
    }

    private Integer insert(String name) {
        return jdbc.prepareStatement("INSERT INTO group_commit_probe (name) VALUES (?)", ps -> {
            ps.setString(1, name);
            return ps.executeUpdate();
        });
    }

    private void insertAlone(String name) {
        transactions.executeWrite(status -> insert(name));
    }

    private Set<String> names() {
        return transactions.executeRead(status -> jdbc.prepareStatement("SELECT name FROM group_commit_probe", ps -> {
            Set<String> names = new TreeSet<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        }));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
