package io.publicip.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The packaged server ({@code server/target/publicip-server.jar}) run as a process of its own on
 * free ports, with its output appended to a log file: started, probed until its operator API
 * answers, and stopped with SIGTERM, or killed with SIGKILL.
 *
 * <p>The process inherits this one's environment (so DATASOURCES_DEFAULT_* point it at
 * PostgreSQL when they are set); {@link Options#environment} adds to it, and a null value
 * removes a variable, so that the server's own default applies.
 */
public final class PackagedServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final int apiPort;
    private final int operatorPort;
    private final double startupSeconds;
    private final Path log;

    private PackagedServer(Process process, int apiPort, int operatorPort, double startupSeconds, Path log) {
        this.process = process;
        this.apiPort = apiPort;
        this.operatorPort = operatorPort;
        this.startupSeconds = startupSeconds;
        this.log = log;
    }

    /** What to start: the jar, the data directory and the log, and optionally JVM options and environment. */
    public record Options(Path jar, Path dataDirectory, Path log, List<String> jvmOptions, Map<String, String> environment) {

        public Options(Path jar, Path dataDirectory, Path log) {
            this(jar, dataDirectory, log, List.of(), Map.of());
        }

        public Options withJvmOptions(List<String> options) {
            return new Options(jar, dataDirectory, log, List.copyOf(options), environment);
        }

        public Options withEnvironment(Map<String, String> variables) {
            Map<String, String> merged = new LinkedHashMap<>(environment);
            merged.putAll(variables);
            return new Options(jar, dataDirectory, log, jvmOptions, java.util.Collections.unmodifiableMap(merged));
        }
    }

    /**
     * Starts the server and returns once its operator API answers. A port found free can be
     * taken again before the server binds it (by another process, or as its other port): then
     * it starts again on new ports, a few times.
     */
    public static PackagedServer start(Options options) throws IOException {
        if (!Files.isRegularFile(options.jar())) {
            throw new IllegalStateException(options.jar() + " is missing: build the server first (mvn -B -DskipTests package)");
        }
        Files.createDirectories(options.log().toAbsolutePath().getParent());
        for (int attempt = 1; ; attempt++) {
            int[] ports = FreePorts.two();
            long logBefore = Files.exists(options.log()) ? Files.size(options.log()) : 0;
            long started = System.nanoTime();
            Process process = builder(options, ports[0], ports[1]).start();
            try {
                awaitReady(process, "http://127.0.0.1:" + ports[1] + "/v1/vlans", options.log());
                return new PackagedServer(process, ports[0], ports[1], (System.nanoTime() - started) / 1e9, options.log());
            } catch (IllegalStateException notStarted) {
                if (attempt < START_ATTEMPTS && !process.isAlive() && logSince(options.log(), logBefore).contains("already in use")) {
                    continue;
                }
                process.destroyForcibly();
                throw notStarted;
            }
        }
    }

    private static ProcessBuilder builder(Options options, int apiPort, int operatorPort) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options.jvmOptions());
        command.addAll(List.of("-jar", options.jar().toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(options.log().toFile()));
        Map<String, String> environment = builder.environment();
        environment.put("MICRONAUT_SERVER_PORT", String.valueOf(apiPort));
        environment.put("PUBLICIP_OPERATOR_PORT", String.valueOf(operatorPort));
        environment.put("PUBLICIP_DATA_DIR", options.dataDirectory().toString());
        options.environment().forEach((variable, value) -> {
            if (value == null) {
                environment.remove(variable);
            } else {
                environment.put(variable, value);
            }
        });
        return builder;
    }

    private static void awaitReady(Process process, String probe, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited at start-up; see " + log);
            }
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create(probe)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401) { // 401: up, and it wants the operator token it was given
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the server did not answer within " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    private static String logSince(Path log, long offset) {
        try {
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(offset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    public String operatorUrl() {
        return "http://127.0.0.1:" + operatorPort;
    }

    public int apiPort() {
        return apiPort;
    }

    public int operatorPort() {
        return operatorPort;
    }

    /** From the process's start to the first answer of its operator API. */
    public double startupSeconds() {
        return startupSeconds;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Resident set size of the server process, in MiB, from /proc (Linux). */
    public double rssMiB() throws IOException {
        return Processes.rssMiB(process.pid());
    }

    /** Asks the server to stop with SIGTERM, as an orchestrator does, and returns its exit without waiting for it. */
    public CompletableFuture<Process> terminate() {
        process.destroy();
        return process.onExit();
    }

    /**
     * Kills the server with SIGKILL, as a power cut or the OOM killer would: no shutdown hook, no
     * connection closed cleanly. Returns the exit status (137 on Linux).
     */
    public int kill() throws InterruptedException {
        process.toHandle().destroyForcibly(); // SIGKILL on Unix, as the JDK documents
        return process.waitFor();
    }

    /** SIGTERM, then SIGKILL if it has not exited in time. */
    @Override
    public void close() {
        Processes.stop(process, STOP_TIMEOUT);
    }
}
