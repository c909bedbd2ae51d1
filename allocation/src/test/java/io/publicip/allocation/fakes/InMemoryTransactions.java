package io.publicip.allocation.fakes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What {@code @Transactional} gives the rules in the server, for the in-memory fakes: work run
 * through {@link #run} either completes, or, when it throws, leaves every enlisted fake as it
 * found it (Micronaut rolls back on unchecked exceptions and errors). The JDBC adapters join the
 * caller's transaction ({@code Propagation.MANDATORY}) and fail outside one; the fakes do the
 * same through {@link #requireActive()}, so that a test cannot call the rules without the
 * rollback they rely on. One thread, no nesting: the rules never nest.
 */
public final class InMemoryTransactions {

    /** A fake whose state a transaction can roll back. */
    public interface Participant {
        /** Copies the current state; the returned action puts it back. */
        Runnable snapshot();
    }

    private final List<Participant> participants = new ArrayList<>();
    private boolean active;
    private int rollbacks;

    void enlist(Participant participant) {
        participants.add(participant);
    }

    public <T> T run(Supplier<T> work) {
        if (active) {
            throw new IllegalStateException("the fakes run one transaction at a time");
        }
        List<Runnable> restores = participants.stream().map(Participant::snapshot).toList();
        active = true;
        try {
            return work.get();
        } catch (RuntimeException | Error e) {
            restores.forEach(Runnable::run);
            rollbacks++;
            throw e;
        } finally {
            active = false;
        }
    }

    public void requireActive() {
        if (!active) {
            throw new IllegalStateException("a port was called outside a transaction (the JDBC adapters require one)");
        }
    }

    /** Transactions rolled back so far. */
    public int rollbacks() {
        return rollbacks;
    }
}
