package io.publicip.e2e;

import io.publicip.contract.ErrorCatalogue;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The RPC protocol's common rules: HTTP methods, and the optional per-key request rate. */
class ProtocolTest extends E2eTest {

    static final ErrorCatalogue CATALOGUE = ErrorCatalogue.load();

    @Test
    @Reaches("UnsupportedHTTPMethod")
    void onlyGetAndPost() {
        ErrorCatalogue.Entry row = CATALOGUE.get("UnsupportedHTTPMethod");
        for (String method : new String[]{"PUT", "DELETE", "PATCH", "OPTIONS"}) {
            HttpResponse<String> refused = rawApi(method, "/?Format=JSON&Action=AllocatePublicIpAddress", null, null);
            assertEquals(row.httpStatus(), refused.statusCode(), method + " " + refused.body());
            assertTrue(refused.body().contains("\"Code\":\"UnsupportedHTTPMethod\""), refused.body());
            assertTrue(refused.body().contains(row.message()), refused.body());
        }
    }

    @Test
    @Reaches("Throttling")
    void aKeyOverItsRateIsThrottled() {
        // a server of its own, limited to 2 requests a second per key
        Assumptions.assumeTrue(Deployment.targetsPackagedServer(), "needs the packaged server, not a deployment given by URL");
        Deployment limited = Deployment.startPackaged("throttled", Map.of("PUBLICIP_THROTTLING_REQUESTS_PER_SECOND", "2",
                "DATASOURCES_DEFAULT_URL", "jdbc:h2:mem:throttled;LOCK_TIMEOUT=10000"));
        try {
            int throttled = 0;
            for (int i = 0; i < 10; i++) {
                Map<String, String> parameters = new TreeMap<>(Map.of("Action", ACTION, "Format", "JSON", "InstanceId", "i-demo-locked"));
                String query = new E2eTestOn(limited).signedQuery("GET", parameters);
                HttpResponse<String> answer = new E2eTestOn(limited).rawApi("GET", "/?" + query, null, null);
                if (answer.body().contains("\"Code\":\"Throttling\"")) {
                    assertEquals(CATALOGUE.get("Throttling").httpStatus(), answer.statusCode());
                    throttled++;
                } else {
                    assertTrue(answer.body().contains("InstanceLockedForSecurity"), answer.body());
                }
            }
            assertTrue(throttled >= 5, "10 requests at once against 2 a second: " + throttled + " throttled");
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
