package io.publicip.benchmarks;

import io.publicip.launcher.PackagedServer;
import java.io.IOException;

/** Closed-loop clients over HTTP, each on its own kept-alive connections to the two ports. */
final class HttpLoad {

    /** One operation of one client over its connections: null when the answer was correct, else what was wrong. */
    interface Operation {
        String run(RawHttp api, RawHttp operator) throws IOException;
    }

    private HttpLoad() {
    }

    static ClosedLoop.Result run(PackagedServer server, Database database, int clients, double warmupSeconds, double measureSeconds,
                                 Operation operation)
            throws InterruptedException {
        return run(server.apiPort(), server.operatorPort(), server.pid(), () -> {
            try {
                return server.rssMiB();
            } catch (IOException e) {
                return Double.NaN;
            }
        }, database, clients, warmupSeconds, measureSeconds, operation);
    }

    /** The same against any HTTP process (the floor): its ports, and its pid for the CPU figures. */
    static ClosedLoop.Result run(int apiPort, int operatorPort, long pid, java.util.function.DoubleSupplier rss, Database database, int clients,
                                 double warmupSeconds, double measureSeconds, Operation operation)
            throws InterruptedException {
        RawHttp[] apis = new RawHttp[clients];
        RawHttp[] operators = new RawHttp[clients];
        for (int c = 0; c < clients; c++) {
            apis[c] = new RawHttp("127.0.0.1", apiPort);
            operators[c] = new RawHttp("127.0.0.1", operatorPort);
        }
        try {
            return ClosedLoop.run(clients, warmupSeconds, measureSeconds, rss, CpuMeter.of(database, pid), (client, sequence) -> {
                try {
                    return operation.run(apis[client], operators[client]);
                } catch (IOException e) {
                    return "I/O: " + e.getClass().getSimpleName();
                }
            });
        } finally {
            for (int c = 0; c < clients; c++) {
                apis[c].close();
                operators[c].close();
            }
        }
    }
}
