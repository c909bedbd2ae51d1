package io.publicip.e2e;

import io.micronaut.http.HttpResponse;
import io.publicip.client.operator.model.LockReason;
import io.publicip.client.release.api.EcsReleaseApi;
import io.publicip.client.release.model.ReleasePublicIpAddressResponse;
import io.publicip.contract.ErrorCatalogue;
import io.publicip.e2e.Reaches.Scheme;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.*;

/**
 * ReleasePublicIpAddress through its generated client, signed with ACS3 and with Signature V1,
 * in JSON and XML: a release frees the address (and its gateway binding) for the next
 * allocation, and each of its rows is answered as its contract documents it.
 */
class ReleaseErrorsTest extends E2eTest {

    static final ErrorCatalogue CATALOGUE = ErrorCatalogue.load();
    static final String RELEASE = "ReleasePublicIpAddress";

    @BeforeEach
    void demoWorld() {
        state.resetState("demo");
    }

    static HttpResponse<ReleasePublicIpAddressResponse> release(EcsReleaseApi api, String address, String instanceId, String region,
                                                                 String dryRun, String format) {
        return api.releasePublicIpAddress(RELEASE, address, instanceId, region, dryRun, format, "2014-05-26",
                null, null, null, null, null, null);
    }

    String allocated(String instanceId, String address) {
        var ok = DocumentedErrorsTest.call(ecs, instanceId, address, null, null, "JSON");
        assertEquals(200, ok.code());
        return ok.body().getIpAddress();
    }

    void assertRow(String key, String address, String instanceId, String region, String dryRun) {
        for (EcsReleaseApi api : new EcsReleaseApi[]{release, releaseV1}) {
            for (String format : new String[]{"JSON", "XML"}) {
                DocumentedErrorsTest.assertRowIn(format, key, () -> release(api, address, instanceId, region, dryRun, format));
            }
        }
    }

    @Test
    void aReleasedAddressGoesToTheNextAllocationInEitherScheme() {
        for (EcsReleaseApi api : new EcsReleaseApi[]{release, releaseV1}) {
            String address = allocated("i-demo-running-01", "112.124.10.40");
            HttpResponse<ReleasePublicIpAddressResponse> released = release(api, address, "i-demo-running-01", null, null, "XML");
            assertEquals(200, released.code());
            assertTrue(released.body().getRequestId().matches(UUID_UPPER));
            assertEquals(address, allocated("i-demo-running-02", address), "the address is free again");
            // without InstanceId: whichever instance holds it
            assertEquals(200, release(api, address, null, "cn-hangzhou", null, "JSON").code());
            assertTrue(allocations.listAllocations(null, null, null, 1000, null).body().getAllocations().isEmpty(), "nothing held");
        }
    }

    @Test
    @Reaches(value = "MissingParameter.PublicIpAddress", schemes = {Scheme.V1, Scheme.ACS3})
    void noAddress() {
        // the generated client refuses to send a null PublicIpAddress: these go raw
        ErrorCatalogue.Entry row = CATALOGUE.get("MissingParameter.PublicIpAddress");
        var v1 = rawApi("GET", "/?" + signedQuery("GET", new java.util.TreeMap<>(java.util.Map.of("Action", RELEASE, "Format", "JSON",
                "InstanceId", "i-demo-running-01"))), null, null);
        var acs3 = rawAcs3("GET", java.util.Map.of("InstanceId", "i-demo-running-01"),
                acs3Headers("GET", java.util.Map.of("InstanceId", "i-demo-running-01"), RELEASE), null);
        for (var refused : java.util.List.of(v1, acs3)) {
            assertEquals(row.httpStatus(), refused.statusCode(), refused.body());
            assertTrue(refused.body().replace("\\\"", "\"").contains(row.message()), refused.body());
        }
        assertRow("MissingParameter.PublicIpAddress", "", null, null, null);
    }

    @Test
    @Reaches(value = "InvalidIpAddress.Malformed.PublicIpAddress", schemes = {Scheme.V1, Scheme.ACS3})
    void malformedAddress() {
        for (String address : new String[]{"112.124.010.1", "256.1.1.1", "::1", "112.124.10.1 "}) {
            assertRow("InvalidIpAddress.Malformed.PublicIpAddress", address, null, null, null);
        }
    }

    @Test
    @Reaches(value = "InvalidInstanceId.NotFound", schemes = {Scheme.V1, Scheme.ACS3})
    void unknownInstanceOrInstanceOfAnotherRegion() {
        String address = allocated("i-demo-running-01", null);
        assertRow("InvalidInstanceId.NotFound", address, "i-does-not-exist", null, null);
        assertRow("InvalidInstanceId.NotFound", address, "i-demo-running-01", "cn-beijing", null);
    }

    @Test
    @Reaches(value = "InvalidIpAddress.NotFound.NotHeld", schemes = {Scheme.V1, Scheme.ACS3})
    void anAddressNotHeldOrNotTheInstances() {
        String address = allocated("i-demo-running-01", null);
        assertRow("InvalidIpAddress.NotFound.NotHeld", address, "i-demo-running-02", null, null);
        assertRow("InvalidIpAddress.NotFound.NotHeld", address, null, "cn-beijing", null);
        assertRow("InvalidIpAddress.NotFound.NotHeld", "112.124.10.99", null, null, null);
        assertRow("InvalidIpAddress.NotFound.NotHeld", "8.8.8.8", null, null, null);
        assertEquals(address, allocations.listAllocations(null, "i-demo-running-01", null, 10, null).body().getAllocations().get(0).getIpAddress(),
                "a refused release changes nothing");
    }

    @Test
    @Reaches(value = "InstanceLockedForSecurity", schemes = {Scheme.V1, Scheme.ACS3})
    void lockedInstance() {
        String address = allocated("i-demo-running-01", null);
        var locked = instances.getInstance("i-demo-running-01").body().addOperationLocksItem(LockReason.SECURITY);
        assertEquals(200, instances.putInstance("i-demo-running-01", locked).code());
        assertRow("InstanceLockedForSecurity", address, "i-demo-running-01", null, null);
    }

    @Test
    @Reaches(value = "DryRunOperation", schemes = {Scheme.V1, Scheme.ACS3})
    void dryRunChecksAndReleasesNothing() {
        String address = allocated("i-demo-running-01", null);
        assertRow("DryRunOperation", address, "i-demo-running-01", null, "true");
        assertEquals(200, release(release, address, "i-demo-running-01", null, "false", "JSON").code(), "it was still held");
    }
}
