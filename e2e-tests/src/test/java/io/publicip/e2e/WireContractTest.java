package io.publicip.e2e;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract check on the wire catches drift (a check that could not fail would prove nothing). */
class WireContractTest {

    static final String ID = "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E";

    @BeforeEach
    void clear() {
        WireContract.takeViolations();
    }

    @Test
    void conformingResponsesPass() {
        WireContract.check(false, "GET", "/", 200, "application/json;charset=utf-8", "{\"RequestId\":\"" + ID + "\",\"IpAddress\":\"112.124.1.1\"}");
        WireContract.check(false, "GET", "/", 403, "application/json;charset=utf-8", "{\"RequestId\":\"" + ID + "\",\"HostId\":\"h\",\"Code\":\"IpInUse\",\"Message\":\"m\"}");
        WireContract.check(false, "POST", "/", 200, "text/xml;charset=utf-8", "<?xml version='1.0' encoding='UTF-8'?><AllocatePublicIpAddressResponse><RequestId>"
                + ID + "</RequestId><IpAddress>1.2.3.4</IpAddress></AllocatePublicIpAddressResponse>");
        WireContract.check(true, "GET", "/v1/vlans/7", 404, "application/problem+json", "{\"title\":\"Not Found\",\"status\":404}");
        WireContract.checkRpc("ReleasePublicIpAddress", "GET", "/", 200, "application/json;charset=utf-8", "{\"RequestId\":\"" + ID + "\"}");
        assertEquals(List.of(), WireContract.takeViolations());
    }

    @Test
    void driftIsCaught() {
        WireContract.check(false, "GET", "/", 200, "application/json;charset=utf-8", "{\"RequestId\":\"" + ID + "\"}");
        WireContract.check(false, "GET", "/", 403, "application/json;charset=utf-8", "{\"RequestId\":\"" + ID + "\",\"Code\":\"IpInUse\",\"Message\":\"m\"}");
        WireContract.check(false, "GET", "/", 200, "application/json;charset=utf-8", "{\"RequestId\":\"lower-" + ID.toLowerCase(Locale.ROOT) + "\",\"IpAddress\":\"1.2.3.4\"}");
        WireContract.check(false, "GET", "/", 500, "text/html", "<html>oops</html>");
        WireContract.check(false, "GET", "/", 418, "application/json;charset=utf-8", "{\"RequestId\":\"" + ID + "\",\"IpAddress\":\"1.2.3.4\"}");
        WireContract.check(true, "GET", "/v1/vlans/7", 200, "application/json", "{\"vlanId\":7}");
        WireContract.check(true, "GET", "/v1/vlans/7", 404, "application/problem+json", "{\"detail\":\"no status\"}");
        // a Content-Type the official SDKs do not read as given
        WireContract.check(false, "GET", "/", 200, "application/json", "{\"RequestId\":\"" + ID + "\",\"IpAddress\":\"112.124.1.1\"}");
        // an Allocate answer to a Release call, judged by the Release document
        WireContract.checkRpc("ReleasePublicIpAddress", "GET", "/", 200, "application/json;charset=utf-8",
                "{\"RequestId\":\"" + ID + "\",\"IpAddress\":\"112.124.1.1\"}");
        List<String> caught = WireContract.takeViolations();
        assertEquals(9, caught.size(), String.join("\n", caught));
        assertTrue(caught.get(0).contains("IpAddress"), caught.get(0));
    }
}
