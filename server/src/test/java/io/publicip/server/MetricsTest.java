package io.publicip.server;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.publicip.contract.rpc.SignatureV1;
import io.publicip.server.metrics.PoolGauges;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

import static io.publicip.server.TestHttp.field;
import static io.publicip.server.TestHttp.send;
import static org.junit.jupiter.api.Assertions.*;

/** Prometheus metrics on the operator port, behind its token, moving as requests are answered. */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "publicip.operator.token", value = "metrics-token")
@Property(name = "publicip.signature.enabled", value = "true")
class MetricsTest implements FreePort {

    @Value("${micronaut.server.port}")
    int apiPort;
    @Value("${publicip.operator.port}")
    int operatorPort;
    @Inject
    PoolGauges poolGauges;


    @Test
    void metricsMoveWithRequests() throws Exception {
        assertEquals(401, send("GET", operatorPort, "/prometheus", null, null).statusCode(), "the operator token guards the metrics");
        assertEquals(404, send("GET", apiPort, "/prometheus", null, null).statusCode(), "not on the public port");

        assertEquals(201, send("POST", operatorPort, "/v1/vlans", "{\"vlanId\":3900,\"regionId\":\"metrics-test\",\"cidrs\":[\"10.99.0.0/29\"]}",
                "metrics-token").statusCode());
        assertEquals(200, send("PUT", operatorPort, "/v1/instances/i-metrics-1", "{\"instanceId\":\"i-metrics-1\",\"regionId\":\"metrics-test\","
                + "\"status\":\"Running\",\"networkType\":\"classic\",\"internetMaxBandwidthOut\":5,\"chargeType\":\"PostPaid\",\"inArrears\":false}",
                "metrics-token").statusCode() / 100 * 100);
        HttpResponse<String> key = send("POST", operatorPort, "/v1/access-keys", "{}", "metrics-token");
        String keyId = field(key.body(), "accessKeyId");
        String secret = field(key.body(), "secret");

        String before = scrape();
        Map<String, String> allocation = new TreeMap<>(Map.of("Action", "AllocatePublicIpAddress", "Format", "JSON", "InstanceId", "i-metrics-1"));
        HttpResponse<String> allocated = send("GET", apiPort, "/?" + SignatureV1.queryString(SignatureV1.signedParameters("GET", allocation, keyId, secret)), null, null);
        assertEquals(200, allocated.statusCode(), allocated.body());
        HttpResponse<String> forged = send("GET", apiPort, "/?" + SignatureV1.queryString(SignatureV1.signedParameters("GET", allocation, keyId, "wrong")), null, null);
        assertEquals(400, forged.statusCode(), forged.body());
        send("GET", apiPort, "/?" + SignatureV1.queryString(SignatureV1.signedParameters("GET",
                new TreeMap<>(Map.of("Action", "NoSuchAction", "Format", "JSON")), keyId, secret)), null, null);
        HttpResponse<String> acs3Forged = TestHttp.sendAcs3(apiPort, Map.of("InstanceId", "i-metrics-1"), "AllocatePublicIpAddress", keyId, "wrong");
        assertEquals(400, acs3Forged.statusCode(), acs3Forged.body());
        HttpResponse<String> acs3Unknown = TestHttp.sendAcs3(apiPort, Map.of(), "NoSuchAction", keyId, secret);
        assertEquals(404, acs3Unknown.statusCode(), acs3Unknown.body());
        poolGauges.refresh();
        String after = scrape();

        assertEquals(value(before, "publicip_requests_seconds_count", "action=\"AllocatePublicIpAddress\"", "code=\"OK\"", "scheme=\"v1\"") + 1,
                value(after, "publicip_requests_seconds_count", "action=\"AllocatePublicIpAddress\"", "code=\"OK\"", "scheme=\"v1\""), after);
        assertTrue(after.contains("publicip_requests_seconds_bucket{action=\"AllocatePublicIpAddress\",code=\"OK\""), "a latency histogram");
        assertEquals(value(before, "publicip_signature_failures_total", "code=\"SignatureDoesNotMatch\"", "scheme=\"v1\"") + 1,
                value(after, "publicip_signature_failures_total", "code=\"SignatureDoesNotMatch\"", "scheme=\"v1\""));
        assertEquals(value(before, "publicip_signature_failures_total", "code=\"SignatureDoesNotMatch\"", "scheme=\"acs3\"") + 1,
                value(after, "publicip_signature_failures_total", "code=\"SignatureDoesNotMatch\"", "scheme=\"acs3\""), "by scheme");
        assertTrue(value(after, "publicip_requests_seconds_count", "action=\"unknown\"", "code=\"InvalidAction.NotFound\"", "scheme=\"v1\"") >= 1,
                "an action no one knows is tagged unknown, not by what the client sent");
        assertTrue(value(after, "publicip_requests_seconds_count", "action=\"unknown\"", "code=\"InvalidAction.NotFound\"", "scheme=\"acs3\"") >= 1,
                "the scheme is a tag");
        assertEquals(6, value(after, "publicip_pool_addresses", "region=\"metrics-test\"", "vlan=\"3900\""));
        assertEquals(1, value(after, "publicip_pool_allocated", "region=\"metrics-test\"", "vlan=\"3900\""));
        assertEquals(5, value(after, "publicip_pool_free", "region=\"metrics-test\"", "vlan=\"3900\""));
        assertTrue(after.contains("publicip_repairs_total"), "repairs are counted");
        assertTrue(after.contains("publicip_reconciliation_seconds_count"), "reconciliation passes are counted");
        assertTrue(after.contains("publicip_reconciliation_seconds_sum"), "and timed");
        assertTrue(after.contains("publicip_gateway_faults_fired_total"), "gateway faults are counted");
        assertTrue(after.contains("hikaricp_connections_active"), "the database pool is measured");

        String address = field(allocated.body(), "IpAddress");
        assertEquals(204, send("DELETE", operatorPort, "/v1/allocations/" + address, null, "metrics-token").statusCode());
    }

    private String scrape() throws Exception {
        HttpResponse<String> scraped = send("GET", operatorPort, "/prometheus", null, "metrics-token");
        assertEquals(200, scraped.statusCode());
        assertTrue(scraped.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), scraped.headers().toString());
        return scraped.body();
    }

    /** The sample of the metric whose labels include all of {@code labels}; 0 when there is none yet. */
    private static double value(String scrape, String metric, String... labels) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(metric + "{") && java.util.Arrays.stream(labels).allMatch(line::contains)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
