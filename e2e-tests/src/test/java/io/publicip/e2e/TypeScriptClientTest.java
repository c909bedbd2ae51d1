package io.publicip.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TypeScript client (module typescript-client: typescript-fetch, compiled by tsc in the
 * build) in Node.js against the live server: its own test file, test/client.test.ts, and Alibaba
 * Cloud's official Node "V2.0" SDK (@alicloud/ecs20140526, ACS3 and V1), test/official-sdk.test.ts,
 * run with node's test runner after the server is reset to the demo inventory. The files run one
 * after the other: both allocate and release, and a dynamic allocation of one must not take an
 * address the other has just released and means to allocate again.
 */
class TypeScriptClientTest extends E2eTest {

    static final Path CLIENT = Path.of("..", "typescript-client");

    @Test
    void theNodeTestPassesAgainstTheLiveServer() throws Exception {
        for (String file : new String[]{"client.test.js", "official-sdk.test.js"}) {
            Path compiled = CLIENT.resolve("target/js/test/" + file);
            assertTrue(Files.isRegularFile(compiled), compiled + " is missing: build typescript-client first (mvn -B install)");
        }
        state.resetState("demo");
        Path output = Files.createDirectories(Path.of(System.getProperty("publicip.e2e.work-dir", "target/e2e"))).resolve("typescript-client.log");
        ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-concurrency=1", "--test-reporter=spec", "target/js/test/")
                .directory(CLIENT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        node.environment().put("PUBLICIP_API_URL", target.apiUrl());
        node.environment().put("PUBLICIP_ACCESS_KEY_ID", target.accessKeyId());
        node.environment().put("PUBLICIP_ACCESS_KEY_SECRET", target.accessKeySecret());
        Process run = node.start();
        assertTrue(run.waitFor(120, TimeUnit.SECONDS), "node --test did not end within 2 minutes");
        String report = Files.readString(output);
        System.out.println(report);
        assertEquals(0, run.exitValue(), report);
        java.util.regex.Matcher passed = java.util.regex.Pattern.compile("pass (\\d+)").matcher(report);
        assertTrue(report.contains("fail 0") && passed.find() && Integer.parseInt(passed.group(1)) >= 23, report);
    }
}
