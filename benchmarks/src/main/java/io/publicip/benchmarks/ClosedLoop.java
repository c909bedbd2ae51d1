package io.publicip.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * Closed-loop clients, a thread each: every client starts its next operation as soon as the
 * last one ends. Only operations that were correct are counted and timed, and only those that
 * ended inside the measured window; anything else is reported by what was wrong.
 */
final class ClosedLoop {

    /** One operation of one client: null when it was correct, else what was wrong. */
    interface Operation {
        String run(int client, long sequence) throws Exception;
    }

    /** Signals that a client ran out of work (instances, say): it stops, the stage goes on. */
    static final String EXHAUSTED = "exhausted";

    /**
     * {@code cpuMs}: milliseconds of CPU per correct operation, per part of the run; {@code writtenKb}:
     * kilobytes written to storage per correct operation, all parts together (see {@link CpuMeter}).
     */
    record Result(int clients, double seconds, long correct, Latencies latencies, Map<String, Long> errors, double peakRssMiB,
                  Map<String, Double> cpuMs, double writtenKb) {
        /** A stage that was not run. */
        static final Result NONE = new Result(0, 1, 0, new Latencies(), Map.of(), Double.NaN, Map.of(), Double.NaN);

        double perSecond() {
            return correct / seconds;
        }

        long errorCount() {
            return errors.entrySet().stream().filter(e -> !e.getKey().equals(EXHAUSTED)).mapToLong(Map.Entry::getValue).sum();
        }
    }

    /** Runs the clients; {@code rss} is sampled during the measured window (NaN for none), {@code cpu} read at its ends. */
    static Result run(int clients, double warmupSeconds, double measureSeconds, DoubleSupplier rss, CpuMeter cpu, Operation operation)
            throws InterruptedException {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicLong correct = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        Map<String, Long> errors = new ConcurrentHashMap<>();
        List<Latencies> perClient = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            Latencies mine = new Latencies();
            perClient.add(mine);
            int client = c;
            new Thread(() -> {
                try {
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        String wrong;
                        try {
                            wrong = operation.run(client, sequence.getAndIncrement());
                        } catch (Exception e) {
                            wrong = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
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
                                errors.merge(wrong.length() > 120 ? wrong.substring(0, 120) : wrong, 1L, Long::sum);
                            }
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "client-" + c).start();
        }
        Thread.sleep((long) (warmupSeconds * 1000));
        Map<String, Map<Long, Long>> cpuBefore = cpu.read();
        Map<Long, Long> writtenBefore = cpu.written();
        measuring.set(true);
        long started = System.nanoTime();
        long end = started + (long) (measureSeconds * 1e9);
        double peakRss = Double.NaN;
        while (System.nanoTime() < end && done.getCount() > 0) {
            double sample = rss.getAsDouble();
            peakRss = Double.isNaN(peakRss) ? sample : Math.max(peakRss, sample);
            Thread.sleep(100);
        }
        stop.set(true);
        Map<String, Map<Long, Long>> cpuAfter = cpu.read();
        Map<Long, Long> writtenAfter = cpu.written();
        double seconds = (System.nanoTime() - started) / 1e9;
        done.await();
        return new Result(clients, seconds, correct.get(), Latencies.merge(perClient), new TreeMap<>(errors), peakRss,
                CpuMeter.perOperation(cpuBefore, cpuAfter, correct.get()), CpuMeter.kilobytesPerOperation(writtenBefore, writtenAfter, correct.get()));
    }
}
