package io.publicip.benchmarks;

import io.publicip.launcher.PackagedServer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The packaged server as the benchmark runs it: the run's JVM options and environment on top of the database's. */
final class BenchmarkServer {

    private BenchmarkServer() {
    }

    static PackagedServer start(Path jar, Path dataDirectory, Map<String, String> environment, Path log, List<String> jvmOptions) throws Exception {
        List<String> options = new ArrayList<>(jvmOptions);
        // JVM options of the run's choosing (a profiler, say): PUBLICIP_BENCH_SERVER_OPTS
        String extra = System.getenv().getOrDefault("PUBLICIP_BENCH_SERVER_OPTS", "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        Map<String, String> variables = new HashMap<>();
        variables.put("PUBLICIP_DEMO_INVENTORY_ENABLED", "false");
        // glibc's per-thread malloc arenas add RSS without adding speed on two cores
        variables.put("MALLOC_ARENA_MAX", "2");
        // the start-up reconciliation scans every allocation: early, while the harness settles the
        // server, rather than while it measures
        variables.put("PUBLICIP_REPAIR_INITIAL_DELAY", "1s");
        variables.putAll(environment);
        // server settings of the run's choosing (signatures off, say): PUBLICIP_BENCH_SERVER_ENV=NAME=value,NAME=value
        for (String setting : System.getenv().getOrDefault("PUBLICIP_BENCH_SERVER_ENV", "").split(",")) {
            if (setting.contains("=")) {
                variables.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
            }
        }
        return PackagedServer.start(new PackagedServer.Options(jar, dataDirectory, log)
                .withJvmOptions(options)
                .withEnvironment(variables));
    }
}
