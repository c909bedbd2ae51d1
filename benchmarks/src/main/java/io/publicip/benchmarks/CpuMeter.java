package io.publicip.benchmarks;

import io.publicip.launcher.PackagedServer;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * CPU time spent by the processes taking part in a stage (load generator, server, database),
 * and the bytes written for durability, read before and after the measured window. On a
 * machine shared with others, what an operation costs in CPU moves far less than how many
 * operations a second get through, so this is the figure to compare a change by; and on two
 * saturated cores it is what throughput is made of.
 */
final class CpuMeter {

    /** Clock ticks per second of /proc/PID/stat's utime and stime (getconf CLK_TCK; 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100;

    /** Measures nothing (a stage run without a meter). */
    static final CpuMeter NONE = new CpuMeter(Map.of(), () -> -1);

    private final Map<String, Supplier<List<Long>>> parts;
    private final LongSupplier walBytes;

    private CpuMeter(Map<String, Supplier<List<Long>>> parts, LongSupplier walBytes) {
        this.parts = parts;
        this.walBytes = walBytes;
    }

    /**
     * The parts of a stage: this process ("harness": the load generator, or the JDBC clients with
     * H2 inside them), the server's process when the stage has one, and the database's own.
     */
    static CpuMeter of(Database database, PackagedServer server) {
        return of(database, server == null ? -1 : server.pid());
    }

    /** The same with the server's process by pid (-1 for none): the service's, or the floor's. */
    static CpuMeter of(Database database, long serverPid) {
        Map<String, Supplier<List<Long>>> parts = new LinkedHashMap<>();
        parts.put("harness", process(ProcessHandle.current().pid()));
        if (serverPid > 0) {
            parts.put("server", process(serverPid));
        }
        parts.putAll(database.cpuParts());
        return new CpuMeter(parts, database::walBytes);
    }

    static Supplier<List<Long>> process(long pid) {
        return () -> List.of(pid);
    }

    /** Every process of the given name (PostgreSQL runs a process per connection: "postgres"). */
    static Supplier<List<Long>> named(String command) {
        return () -> {
            List<Long> pids = new ArrayList<>();
            try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path p : proc) {
                    try {
                        if (Files.readString(p.resolve("comm")).trim().equals(command)) {
                            pids.add(Long.parseLong(p.getFileName().toString()));
                        }
                    } catch (IOException gone) {
                        // the process ended while we looked
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return pids;
        };
    }

    /** Clock ticks used so far, per part and process. */
    Map<String, Map<Long, Long>> read() {
        Map<String, Map<Long, Long>> ticks = new LinkedHashMap<>();
        parts.forEach((name, pids) -> {
            Map<Long, Long> each = new HashMap<>();
            pids.get().forEach(pid -> each.put(pid, ticks(pid)));
            ticks.put(name, each);
        });
        return ticks;
    }

    /**
     * Milliseconds of CPU per operation, per part, between two readings: for each process of the
     * later one, what it used since the earlier one (all it used, when it started in between).
     * A process that ended in between is left out.
     */
    static Map<String, Double> perOperation(Map<String, Map<Long, Long>> before, Map<String, Map<Long, Long>> after, long operations) {
        Map<String, Double> ms = new LinkedHashMap<>();
        after.forEach((name, now) -> {
            Map<Long, Long> then = before.getOrDefault(name, Map.of());
            long used = now.entrySet().stream().mapToLong(e -> e.getValue() - then.getOrDefault(e.getKey(), 0L)).sum();
            ms.put(name, operations == 0 ? Double.NaN : used / TICKS_PER_SECOND * 1000 / operations);
        });
        return ms;
    }

    /**
     * Bytes written for durability so far: the database's WAL where it has one (see
     * {@link Database#walBytes}), else what each process of every part caused to be written to
     * storage (/proc/PID/io write_bytes), by process.
     */
    Map<Long, Long> written() {
        long wal = walBytes.getAsLong();
        if (wal >= 0) {
            return Map.of(0L, wal);
        }
        Map<Long, Long> bytes = new HashMap<>();
        parts.values().forEach(pids -> pids.get().forEach(pid -> bytes.put(pid, writeBytes(pid))));
        return bytes;
    }

    /** Kilobytes written to storage per operation, all parts together, between two readings (as {@link #perOperation}). */
    static double kilobytesPerOperation(Map<Long, Long> before, Map<Long, Long> after, long operations) {
        long written = after.entrySet().stream().mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
        return operations == 0 || after.isEmpty() ? Double.NaN : written / 1024.0 / operations;
    }

    private static long writeBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "io"))) {
                if (line.startsWith("write_bytes:")) {
                    return Long.parseLong(line.substring("write_bytes:".length()).trim());
                }
            }
            return 0;
        } catch (IOException | RuntimeException unreadable) {
            return 0;
        }
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // the command, in parentheses, may hold spaces: the fields proper start after its ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException gone) {
            return 0;
        }
    }
}
