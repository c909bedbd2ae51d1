package io.publicip.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged server, started as a process of its own, as users run it. */
final class ServerProcess implements AutoCloseable {

    final int apiPort;
    final int operatorPort;
    /** From the process's start to the first answer of the public API. */
    final double startupSeconds;
    private final Process process;

    private ServerProcess(Process process, int apiPort, int operatorPort, double startupSeconds) {
        this.process = process;
        this.apiPort = apiPort;
        this.operatorPort = operatorPort;
        this.startupSeconds = startupSeconds;
    }

    static ServerProcess start(Path jar, Path dataDirectory, Map<String, String> environment, Path log, List<String> jvmOptions) throws Exception {
        int api = freePort();
        int operator = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        // JVM options of the run's choosing (a profiler, say): PUBLICIP_BENCH_SERVER_OPTS
        String options = System.getenv().getOrDefault("PUBLICIP_BENCH_SERVER_OPTS", "").trim();
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(api));
        builder.environment().put("PUBLICIP_OPERATOR_PORT", String.valueOf(operator));
        builder.environment().put("PUBLICIP_DATA_DIR", dataDirectory.toString());
        builder.environment().put("PUBLICIP_DEMO_INVENTORY_ENABLED", "false");
        // glibc's per-thread malloc arenas add RSS without adding speed on two cores
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        // the start-up reconciliation scans every allocation: early, while the harness settles the
        // server, rather than 5 s in, where it would wait idle for it (the first answer comes first)
        builder.environment().put("PUBLICIP_REPAIR_INITIAL_DELAY", "1s");
        builder.environment().putAll(environment);
        // server settings of the run's choosing (signatures off, say): PUBLICIP_BENCH_SERVER_ENV=NAME=value,NAME=value
        for (String setting : System.getenv().getOrDefault("PUBLICIP_BENCH_SERVER_ENV", "").split(",")) {
            if (setting.contains("=")) {
                builder.environment().put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
            }
        }
        long started = System.nanoTime();
        Process process = builder.start();
        long deadline = started + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited at start-up; see " + log);
            }
            try (RawHttp http = new RawHttp("127.0.0.1", api)) {
                // any answer in the protocol's envelope counts: the server is up and speaking
                if (http.send("GET", "/?Format=JSON", null, null).status() > 0) {
                    double seconds = (System.nanoTime() - started) / 1e9;
                    return new ServerProcess(process, api, operator, seconds);
                }
            } catch (IOException notYet) {
                Thread.sleep(5);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the server did not answer within 90 s; see " + log);
    }

    long pid() {
        return process.pid();
    }

    /** Resident set size of the server process, in MiB, from /proc. */
    double rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
