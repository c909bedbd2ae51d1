package io.publicip.server.lifecycle;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A health check that answers within a bound: the check runs on a thread of its own, and a probe
 * waits for it at most {@code timeout}, then reports it unanswered. One check at a time: a probe
 * that arrives while the previous check still waits on the database waits for that one rather
 * than starting another, so probes against a database that does not answer pile up no threads.
 */
final class BoundedProbe<T> {

    private final String what;
    private final Duration timeout;
    private final Callable<T> check;
    private final ExecutorService thread;
    private CompletableFuture<T> inFlight;

    BoundedProbe(String what, Duration timeout, Callable<T> check) {
        this.what = what;
        this.timeout = timeout;
        this.check = check;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "health-" + what);
            t.setDaemon(true);
            return t;
        });
    }

    /** The check's result, or its failure; a {@link TimeoutException} when it did not answer in time. */
    T get() throws Exception {
        CompletableFuture<T> running;
        synchronized (this) {
            if (inFlight == null || inFlight.isDone()) {
                CompletableFuture<T> next = new CompletableFuture<>();
                thread.execute(() -> {
                    try {
                        next.complete(check.call());
                    } catch (Throwable e) {
                        next.completeExceptionally(e);
                    }
                });
                inFlight = next;
            }
            running = inFlight;
        }
        try {
            return running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException(what + ": no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
