package io.publicip.e2e;

import io.publicip.e2e.Reaches.Scheme;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.publicip.client.api.EcsApi;
import io.publicip.client.model.AllocatePublicIpAddressResponse;
import io.publicip.client.model.ErrorResponse;
import io.publicip.client.operator.model.GatewayFaultSpec;
import io.publicip.contract.ErrorCatalogue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Each documented error row, reached over HTTP through the generated client from the demo
 * inventory, signed with ACS3 and with Signature V1, in JSON and in XML: status, Code, Message
 * and Content-Type exactly as the contract has them.
 */
class DocumentedErrorsTest extends E2eTest {

    static final ErrorCatalogue CATALOGUE = ErrorCatalogue.load();

    @BeforeEach
    void demoWorld() {
        state.resetState("demo");
    }

    HttpResponse<AllocatePublicIpAddressResponse> call(String instanceId, String ip, String vlan, String region, String format) {
        return call(ecs, instanceId, ip, vlan, region, format);
    }

    static HttpResponse<AllocatePublicIpAddressResponse> call(EcsApi api, String instanceId, String ip, String vlan, String region, String format) {
        return api.allocatePublicIpAddress(ACTION, instanceId, ip, vlan, region, format, "2014-05-26",
                null, null, null, null, null, null);
    }

    String allocated(String instanceId, String ip, String vlan) {
        HttpResponse<AllocatePublicIpAddressResponse> ok = call(instanceId, ip, vlan, null, "JSON");
        assertEquals(200, ok.code());
        return ok.body().getIpAddress();
    }

    /** The call is refused with the row, in JSON and (asked again) in XML, signed in each scheme. */
    void assertRow(String key, String instanceId, String ip, String vlan, String region) {
        for (EcsApi api : new EcsApi[]{ecs, ecsV1}) {
            for (String format : new String[]{"JSON", "XML"}) {
                assertRowIn(format, key, () -> call(api, instanceId, ip, vlan, region, format));
            }
        }
    }

    /**
     * A generated client's call was refused with the row, in the format asked for (the
     * declarative client hands a 404 back instead of throwing). Any action's: every envelope has
     * the same fields.
     */
    static void assertRowIn(String format, String key, Supplier<? extends HttpResponse<?>> call) {
        ErrorCatalogue.Entry row = CATALOGUE.get(key);
        ErrorResponse error;
        int status;
        String contentType;
        try {
            HttpResponse<?> response = call.get();
            status = response.code();
            assertNotEquals(200, status, key + " expected, got success");
            error = response.getBody(ErrorResponse.class).orElseThrow();
            contentType = response.getHeaders().get("Content-Type");
        } catch (HttpClientResponseException e) {
            status = e.getStatus().getCode();
            error = e.getResponse().getBody(ErrorResponse.class).orElseThrow();
            contentType = e.getResponse().getHeaders().get("Content-Type");
        }
        assertEquals(row.httpStatus(), status, key + " status");
        assertEquals(row.code(), error.getCode(), key + " code");
        assertEquals(row.message(), error.getMessage(), key + " message");
        assertTrue(error.getRequestId().matches(UUID_UPPER), error.getRequestId());
        assertEquals("ecs.aliyuncs.com", error.getHostId());
        assertEquals(format.equals("JSON") ? WireContract.JSON : WireContract.XML, contentType);
    }

    @Test
    @Reaches(value = "InvalidInstanceId.NotFound", schemes = {Scheme.V1, Scheme.ACS3})
    void unknownInstanceOrInstanceOfAnotherRegion() {
        assertRow("InvalidInstanceId.NotFound", "i-does-not-exist", null, null, null);
        assertRow("InvalidInstanceId.NotFound", "i-demo-beijing", null, null, "cn-hangzhou");
    }

    @ParameterizedTest
    @ValueSource(strings = {"112.124.010.1", "112.124.10", "256.1.1.1", "::1", "112.124.10.1 "})
    @Reaches(value = "InvalidIpAddress.Malformed", schemes = {Scheme.V1, Scheme.ACS3})
    void malformedAddress(String ip) {
        assertRow("InvalidIpAddress.Malformed", "i-demo-running-01", ip, null, null);
    }

    @Test
    @Reaches(value = "InvalidVlanId.NotFound", schemes = {Scheme.V1, Scheme.ACS3})
    void unknownVlanOrVlanOfAnotherRegion() {
        assertRow("InvalidVlanId.NotFound", "i-demo-running-01", null, "999", null);
        assertRow("InvalidVlanId.NotFound", "i-demo-running-01", null, "200", null);
    }

    @Test
    @Reaches(value = "IncorrectInstanceStatus", schemes = {Scheme.V1, Scheme.ACS3})
    void instanceStarting() {
        assertRow("IncorrectInstanceStatus", "i-demo-starting", null, null, null);
    }

    @Test
    @Reaches(value = "InstanceLockedForSecurity", schemes = {Scheme.V1, Scheme.ACS3})
    void instanceLocked() {
        assertRow("InstanceLockedForSecurity", "i-demo-locked", null, null, null);
    }

    @Test
    @Reaches(value = "InstanceExpiredOrInArrears", schemes = {Scheme.V1, Scheme.ACS3})
    void instanceExpiredOrInArrears() {
        assertRow("InstanceExpiredOrInArrears", "i-demo-expired", null, null, null);
        assertRow("InstanceExpiredOrInArrears", "i-demo-arrears", null, null, null);
    }

    @Test
    @Reaches(value = "InvalidIpAddress.NotFound", schemes = {Scheme.V1, Scheme.ACS3})
    void addressOfAnotherVlan() {
        assertRow("InvalidIpAddress.NotFound", "i-demo-running-01", "112.124.11.2", "100", null);
    }

    @Test
    @Reaches(value = "IpInUse", schemes = {Scheme.V1, Scheme.ACS3})
    void addressInUse() {
        assertEquals("112.124.10.5", allocated("i-demo-running-01", "112.124.10.5", null));
        assertRow("IpInUse", "i-demo-running-02", "112.124.10.5", null, null);
    }

    @Test
    @Reaches(value = "AllocatedAlready", schemes = {Scheme.V1, Scheme.ACS3})
    void allocatedAlready() {
        String first = allocated("i-demo-running-01", null, null);
        assertRow("AllocatedAlready", "i-demo-running-01", null, null, null);
        assertRow("AllocatedAlready", "i-demo-running-01", first, null, null);
    }

    @Test
    @Reaches(value = "OperationDenied.InstanceInVpc", schemes = {Scheme.V1, Scheme.ACS3})
    void vpcInstanceWithEip() {
        assertRow("OperationDenied.InstanceInVpc", "i-demo-vpc-eip", null, null, null);
    }

    @Test
    @Reaches(value = "InsufficientPublicIp", schemes = {Scheme.V1, Scheme.ACS3})
    void addressInNoPoolOfTheRegion() {
        assertRow("InsufficientPublicIp", "i-demo-running-01", "8.8.8.8", null, null);
        assertRow("InsufficientPublicIp", "i-demo-running-01", "47.94.20.7", null, null);
    }

    @Test
    @Reaches(value = "AllocateIpInvalidInstanceBandwidth", schemes = {Scheme.V1, Scheme.ACS3})
    void noBandwidth() {
        assertRow("AllocateIpInvalidInstanceBandwidth", "i-demo-no-bandwidth", null, null, null);
    }

    @Test
    @Reaches(value = "OperationDenied.VlanId", schemes = {Scheme.V1, Scheme.ACS3})
    void vlanIdNotValidOrVlanFull() {
        assertRow("OperationDenied.VlanId", "i-demo-running-01", null, "abc", null);
        // VLAN 101 is a /29: six addresses for seven allocatable demo instances
        String[] takers = {"i-demo-running-01", "i-demo-running-02", "i-demo-running-03", "i-demo-running-04",
                "i-demo-running-05", "i-demo-stopped"};
        for (String instance : takers) {
            assertTrue(allocated(instance, null, "101").startsWith("112.124.11."));
        }
        assertRow("OperationDenied.VlanId", "i-demo-vpc", null, "101", null);
    }

    @Test
    @Reaches(value = "NAT_PUBLIC_IP_BINDING_FAILED", schemes = {Scheme.V1, Scheme.ACS3})
    void gatewayFailsToBind() {
        faults.armGatewayFault(new GatewayFaultSpec(4).failure(GatewayFaultSpec.FailureEnum.NAT_PUBLIC_IP_BINDING_FAILED)
                .instanceId("i-demo-running-01"));
        assertRow("NAT_PUBLIC_IP_BINDING_FAILED", "i-demo-running-01", "112.124.10.9", null, null);
        assertEquals("112.124.10.9", allocated("i-demo-running-01", "112.124.10.9", null), "nothing was left behind");
    }

    @Test
    @Reaches(value = "NAT_PUBLIC_IP_ALLOCATE_FAILED", schemes = {Scheme.V1, Scheme.ACS3})
    void gatewayFailsToAllocate() {
        faults.armGatewayFault(new GatewayFaultSpec(4).failure(GatewayFaultSpec.FailureEnum.NAT_PUBLIC_IP_ALLOCATE_FAILED));
        assertRow("NAT_PUBLIC_IP_ALLOCATE_FAILED", "i-demo-running-01", null, null, null);
        assertNotNull(allocated("i-demo-running-01", null, null), "nothing was left behind");
    }

    @Test
    @Reaches(value = "InvalidAction.NotFound", schemes = {Scheme.V1, Scheme.ACS3})
    void unknownAction() {
        for (EcsApi api : new EcsApi[]{ecs, ecsV1}) {
            for (String format : new String[]{"JSON", "XML"}) {
                assertRowIn(format, "InvalidAction.NotFound", () -> api.allocatePublicIpAddress("DescribeRegions", "i-demo-running-01",
                        null, null, null, format, "2014-05-26", null, null, null, null, null, null));
            }
        }
    }

    @Test
    @Reaches(value = "InvalidParameter", schemes = {Scheme.V1, Scheme.ACS3})
    void unreadableBody() {
        // no generated client sends this: a JSON body where the contract takes a form; signed or not, it cannot be read
        String json = "{\"Action\":\"AllocatePublicIpAddress\"}";
        var v1 = rawApi("POST", "/?" + signedQuery("POST", new java.util.TreeMap<>(java.util.Map.of("Action", ACTION, "Format", "JSON"))),
                "application/json", json);
        var acs3 = rawAcs3("POST", java.util.Map.of(), acs3Headers("POST", java.util.Map.of(), ACTION,
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json", java.util.Map.of(), null), json);
        ErrorCatalogue.Entry row = CATALOGUE.get("InvalidParameter");
        for (var response : java.util.List.of(v1, acs3)) {
            assertEquals(row.httpStatus(), response.statusCode());
            assertTrue(response.body().contains("\"Code\":\"InvalidParameter\""), response.body());
            assertTrue(response.body().contains("The specified parameter \\\"Content-Type\\\" is not valid."), response.body());
        }
    }

    @Test
    @Reaches(value = "MissingParameter", schemes = {Scheme.V1, Scheme.ACS3})
    void missingInstanceId() {
        assertRowIn("JSON", "MissingParameter", () -> call(ecs, "", null, null, null, "JSON"));
        assertRowIn("XML", "MissingParameter", () -> call(ecsV1, "", null, null, null, "XML"));
    }
}
