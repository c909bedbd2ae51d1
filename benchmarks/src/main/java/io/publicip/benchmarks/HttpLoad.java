package io.publicip.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleConsumer;

/**
 * Closed-loop clients over HTTP, each on its own kept-alive connection: every client sends its
 * next operation as soon as the last one is answered. Only correct answers are counted and
 * timed; anything else is reported by its error code.
 */
final class HttpLoad {

    /** One operation of one client: null when the answer was correct, else what was wrong. */
    interface Operation {
        String run(RawHttp api, RawHttp operator) throws IOException;
    }

    /** Signals that a client ran out of work (instances, say): it stops, the stage goes on. */
    static final String EXHAUSTED = "exhausted";

    record Result(int clients, double seconds, long correct, Latencies latencies, Map<String, Long> errors, double peakRssMiB) {
        /** A stage that was not run. */
        static final Result NONE = new Result(0, 1, 0, new Latencies(), Map.of(), Double.NaN);

        double perSecond() {
            return correct / seconds;
        }

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static Result run(ServerProcess server, int clients, double warmupSeconds, double measureSeconds, Operation operation)
            throws InterruptedException {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicLong correct = new AtomicLong();
        Map<String, Long> errors = new ConcurrentHashMap<>();
        List<Latencies> perClient = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(clients);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Latencies mine = new Latencies();
            perClient.add(mine);
            Thread t = new Thread(() -> {
                try (RawHttp api = new RawHttp("127.0.0.1", server.apiPort); RawHttp operator = new RawHttp("127.0.0.1", server.operatorPort)) {
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        String wrong;
                        try {
                            wrong = operation.run(api, operator);
                        } catch (IOException e) {
                            wrong = "I/O: " + e.getClass().getSimpleName();
                        }
                        long took = System.nanoTime() - start;
                        if (EXHAUSTED.equals(wrong)) {
                            errors.merge(EXHAUSTED, 1L, Long::sum);
                            break;
                        }
                        if (measuring.get() && !stop.get()) {
                            if (wrong == null) {
                                correct.incrementAndGet();
                                mine.add(took);
                            } else {
                                errors.merge(wrong, 1L, Long::sum);
                            }
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "load-" + c);
            threads.add(t);
            t.start();
        }
        Thread.sleep((long) (warmupSeconds * 1000));
        measuring.set(true);
        long started = System.nanoTime();
        double peakRss = 0;
        long end = started + (long) (measureSeconds * 1e9);
        while (System.nanoTime() < end && done.getCount() > 0) {
            try {
                peakRss = Math.max(peakRss, server.rssMiB());
            } catch (IOException ignored) {
                // the sample is best effort
            }
            Thread.sleep(100);
        }
        stop.set(true);
        double seconds = (System.nanoTime() - started) / 1e9;
        done.await();
        return new Result(clients, seconds, correct.get(), Latencies.merge(perClient), new TreeMap<>(errors), peakRss);
    }
}
