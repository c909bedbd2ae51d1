package io.publicip.benchmarks;

import io.publicip.launcher.FreePorts;
import io.publicip.launcher.Processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link FloorServer} run as a process of its own, on the benchmark's database, like the service. */
final class FloorProcess implements AutoCloseable {

    /** The server's connection pool (datasources.default.maximum-pool-size in application.yml). */
    static final int POOL_SIZE = 16;

    private final Process process;
    private final int port;

    private FloorProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static FloorProcess start(Database db, Path log) throws Exception {
        int port = FreePorts.any();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // without TCP_NODELAY the JDK server's separate writes of head and body wait out the client's delayed ACK
                "-XX:+UseSerialGC", "-Xmx256m", "-Dsun.net.httpserver.nodelay=true", "-cp", System.getProperty("java.class.path"), FloorServer.class.getName(),
                String.valueOf(port), db.floorJdbcUrl(), db.user(), String.valueOf(POOL_SIZE));
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the floor exited at start-up; see " + log);
            }
            try (RawHttp http = new RawHttp("127.0.0.1", port)) {
                if (http.send("GET", "/", null, null).status() > 0) {
                    return new FloorProcess(process, port);
                }
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the floor did not answer within 60 s; see " + log);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    double rssMiB() {
        try {
            return Processes.rssMiB(process.pid());
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    @Override
    public void close() {
        Processes.stop(process, java.time.Duration.ofSeconds(30));
    }
}
