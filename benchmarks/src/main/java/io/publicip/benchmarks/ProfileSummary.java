package io.publicip.benchmarks;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where the server's CPU goes, from a Java Flight Recording of it under load: the share of
 * execution samples by the code running (self), by the layer a sample was called from
 * (inclusive: a sample counts for every layer on its stack), the hottest methods, and the
 * innermost method of ours on each stack (which of our calls the time was spent under). Usage:
 * <pre>
 * PUBLICIP_BENCH_STAGES=http PUBLICIP_BENCH_SERVER_OPTS=-XX:StartFlightRecording=settings=profile,filename=/tmp/server.jfr \
 *   benchmarks/run postgresql
 * java -cp benchmarks/target/publicip-benchmarks.jar io.publicip.benchmarks.ProfileSummary /tmp/server.jfr
 * </pre>
 */
public final class ProfileSummary {

    /** Layers of the request path, by the package of a frame; the first match names the layer. */
    private static final List<String[]> LAYERS = List.of(
            new String[]{"io.publicip.contract.rpc.SignatureV1", "signature check"},
            new String[]{"io.publicip.server.rpc.RpcAuthenticator", "authentication"},
            new String[]{"io.publicip.persistence.accesskey", "access key and nonce"},
            new String[]{"io.publicip.allocation", "allocation rules and transaction"},
            new String[]{"io.publicip.persistence", "persistence"},
            new String[]{"io.publicip.server.rpc", "protocol (parameters, envelopes, log)"},
            new String[]{"io.publicip", "publicip, other"},
            new String[]{"org.postgresql", "PostgreSQL driver"},
            new String[]{"org.h2", "H2"},
            new String[]{"com.zaxxer.hikari", "connection pool"},
            new String[]{"io.micronaut.data", "Micronaut Data"},
            new String[]{"io.micronaut.transaction", "Micronaut transactions"},
            new String[]{"io.micronaut.http", "Micronaut HTTP"},
            new String[]{"io.micronaut", "Micronaut, other"},
            new String[]{"io.netty", "Netty"},
            new String[]{"com.fasterxml.jackson", "Jackson"},
            new String[]{"ch.qos.logback", "Logback"},
            new String[]{"org.slf4j", "Logback"},
            new String[]{"io.micrometer", "Micrometer"},
            new String[]{"java.", "JDK"},
            new String[]{"javax.", "JDK"},
            new String[]{"jdk.", "JDK"},
            new String[]{"sun.", "JDK"},
            new String[]{"com.sun.", "JDK"});

    private ProfileSummary() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> selfLayer = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> underOurs = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            List<RecordedFrame> frames = stack.getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            String top = frames.get(0).getMethod().getType().getName();
            self.merge(top + "." + frames.get(0).getMethod().getName(), 1, Integer::sum);
            selfLayer.merge(layerOf(top), 1, Integer::sum);
            Set<String> layers = new HashSet<>();
            for (RecordedFrame frame : frames) {
                layers.add(layerOf(frame.getMethod().getType().getName()));
            }
            layers.forEach(layer -> inclusive.merge(layer, 1, Integer::sum));
            underOurs.merge(frames.stream().filter(f -> f.getMethod().getType().getName().startsWith("io.publicip.")).findFirst()
                    .map(f -> f.getMethod().getType().getName().replace("io.publicip.", "") + "." + f.getMethod().getName())
                    .orElse("(no publicip frame)"), 1, Integer::sum);
        }
        System.out.printf("%,d execution samples%n%n", samples);
        print("self, by layer", selfLayer, samples, 30);
        print("inclusive, by layer (a sample counts for every layer on its stack)", inclusive, samples, 30);
        print("self, hottest methods", self, samples, 30);
        print("by the innermost publicip method on the stack (what our code asked for)", underOurs, samples, 30);
    }

    private static String layerOf(String className) {
        for (String[] layer : LAYERS) {
            if (className.startsWith(layer[0])) {
                return layer[1];
            }
        }
        return "other";
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int limit) {
        System.out.println(title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
        System.out.println();
    }
}
