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
        RawHttp[] apis = new RawHttp[clients];
        RawHttp[] operators = new RawHttp[clients];
        for (int c = 0; c < clients; c++) {
            apis[c] = new RawHttp("127.0.0.1", server.apiPort());
            operators[c] = new RawHttp("127.0.0.1", server.operatorPort());
        }
        try {
            return ClosedLoop.run(clients, warmupSeconds, measureSeconds, () -> {
                try {
                    return server.rssMiB();
                } catch (IOException e) {
                    return Double.NaN;
                }
            }, CpuMeter.of(database, server), (client, sequence) -> {
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
