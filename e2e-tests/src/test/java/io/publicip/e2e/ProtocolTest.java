package io.publicip.e2e;

import io.publicip.e2e.Reaches.Scheme;

import io.publicip.contract.ErrorCatalogue;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The RPC protocol's common rules: HTTP methods, and the optional per-key request rate. */
class ProtocolTest extends E2eTest {

    static final ErrorCatalogue CATALOGUE = ErrorCatalogue.load();

    @Test
    @Reaches(value = "UnsupportedHTTPMethod", schemes = {Scheme.V1, Scheme.ACS3})
    void onlyGetAndPost() {
        ErrorCatalogue.Entry row = CATALOGUE.get("UnsupportedHTTPMethod");
        for (String method : new String[]{"PUT", "DELETE", "PATCH", "OPTIONS"}) {
            HttpResponse<String> v1 = rawApi(method, "/?" + signedQuery(method, new TreeMap<>(Map.of("Format", "JSON", "Action", ACTION))), null, null);
            HttpResponse<String> acs3 = rawAcs3(method, Map.of(), acs3Headers(method, Map.of(), ACTION), null);
            for (HttpResponse<String> refused : List.of(v1, acs3)) {
                assertEquals(row.httpStatus(), refused.statusCode(), method + " " + refused.body());
                assertTrue(refused.body().contains("\"Code\":\"UnsupportedHTTPMethod\""), refused.body());
                assertTrue(refused.body().contains(row.message()), refused.body());
            }
        }
    }

    /** HEAD is not GET: signed as an allocation, it allocates nothing. */
    @Test
    void headIsRefusedAndRunsNoAction() throws Exception {
        state.resetState("demo");
        String query = signedQuery("HEAD", new TreeMap<>(Map.of("Action", ACTION, "Format", "JSON", "InstanceId", "i-demo-running-01")));
        java.net.http.HttpResponse<Void> head = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(target.apiUrl() + "/?" + query)).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        assertEquals(CATALOGUE.get("UnsupportedHTTPMethod").httpStatus(), head.statusCode());
        assertTrue(allocations.listAllocations(null, "i-demo-running-01", null, 10, null).body().getAllocations().isEmpty());
    }

    @Test
    @Reaches(value = "Throttling", schemes = {Scheme.V1, Scheme.ACS3})
    void aKeyOverItsRateIsThrottled() throws Exception {
        // a server of its own, limited to 2 requests a second per key
        Assumptions.assumeTrue(Deployment.targetsPackagedServer(), "needs the packaged server, not a deployment given by URL");
        Deployment limited = Deployment.startPackaged("throttled", Map.of("PUBLICIP_THROTTLING_REQUESTS_PER_SECOND", "2",
                "DATASOURCES_DEFAULT_URL", "jdbc:h2:mem:throttled;LOCK_TIMEOUT=10000"));
        try {
            int throttled = 0;
            E2eTest on = new E2eTestOn(limited);
            for (int i = 0; i < 10; i++) {
                // one key's requests in both schemes share its rate
                Map<String, String> parameters = new TreeMap<>(Map.of("Action", ACTION, "Format", "JSON", "InstanceId", "i-demo-locked"));
                HttpResponse<String> answer = i % 2 == 0
                        ? on.rawApi("GET", "/?" + on.signedQuery("GET", parameters), null, null)
                        : on.rawAcs3("GET", Map.of("InstanceId", "i-demo-locked"), on.acs3Headers("GET", Map.of("InstanceId", "i-demo-locked"), ACTION), null);
                if (answer.body().contains("\"Code\":\"Throttling\"")) {
                    assertEquals(CATALOGUE.get("Throttling").httpStatus(), answer.statusCode());
                    throttled++;
                } else {
                    assertTrue(answer.body().contains("InstanceLockedForSecurity"), answer.body());
                }
            }
            assertTrue(throttled >= 5, "10 requests at once against 2 a second: " + throttled + " throttled");

            // replays are refused as replays before the throttle: they take no token from the key
            Thread.sleep(1500);
            String replayed = on.signedQuery("GET", new TreeMap<>(Map.of("Action", ACTION, "Format", "JSON", "InstanceId", "i-demo-locked")));
            assertTrue(on.rawApi("GET", "/?" + replayed, null, null).body().contains("InstanceLockedForSecurity"));
            for (int i = 0; i < 6; i++) {
                assertTrue(on.rawApi("GET", "/?" + replayed, null, null).body().contains("\"Code\":\"SignatureNonceUsed\""));
            }
            String fresh = on.signedQuery("GET", new TreeMap<>(Map.of("Action", ACTION, "Format", "JSON", "InstanceId", "i-demo-locked")));
            HttpResponse<String> after = on.rawApi("GET", "/?" + fresh, null, null);
            assertTrue(after.body().contains("InstanceLockedForSecurity"), "the key's rate was left to its own requests: " + after.body());
        } finally {
            limited.stop();
        }
    }

    /** The suite's helpers aimed at another deployment. */
    static final class E2eTestOn extends E2eTest {
        E2eTestOn(Deployment other) {
            super(other);
        }
    }
}
