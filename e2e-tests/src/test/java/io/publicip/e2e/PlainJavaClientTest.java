package io.publicip.e2e;

import io.publicip.javaclient.ApiException;
import io.publicip.javaclient.PublicIp;
import io.publicip.javaclient.api.EcsApi;
import io.publicip.javaclient.model.AllocatePublicIpAddressResponse;
import io.publicip.javaclient.model.ErrorResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The plain Java client (module java-client: openapi-generator's java/native, no Micronaut)
 * against the live server: an allocation, and refusals with their envelope parsed.
 */
class PlainJavaClientTest extends E2eTest {

    EcsApi plain;

    @BeforeEach
    void setUp() {
        state.resetState("demo");
        plain = PublicIp.ecs(target.apiUrl(), target.accessKeyId(), target.accessKeySecret());
    }

    @Test
    void allocates() throws ApiException {
        AllocatePublicIpAddressResponse answer = allocate(plain, "i-demo-running-01", null);
        assertTrue(answer.getIpAddress().matches("112\\.124\\.\\d+\\.\\d+"), answer.getIpAddress());
        assertTrue(answer.getRequestId().matches(UUID_UPPER), answer.getRequestId());
    }

    @Test
    void aRefusalCarriesTheEnvelope() throws ApiException {
        ApiException notFound = assertThrows(ApiException.class, () -> allocate(plain, "i-nope", null));
        assertEquals(404, notFound.getCode());
        ErrorResponse envelope = PublicIp.envelope(notFound).orElseThrow(() -> new AssertionError(notFound.getResponseBody()));
        assertEquals("InvalidInstanceId.NotFound", envelope.getCode());
        assertEquals("The specified InstanceId does not exist.", envelope.getMessage());
        assertTrue(envelope.getRequestId().matches(UUID_UPPER), envelope.getRequestId());
        assertFalse(envelope.getHostId().isBlank());

        allocate(plain, "i-demo-running-02", "112.124.10.78");
        ApiException inUse = assertThrows(ApiException.class, () -> allocate(plain, "i-demo-running-03", "112.124.10.78"));
        assertEquals(403, inUse.getCode());
        assertEquals("IpInUse", PublicIp.envelope(inUse).orElseThrow().getCode());
    }

    @Test
    void aWrongSecretIsRefusedByTheSignatureCheck() {
        EcsApi forged = PublicIp.ecs(target.apiUrl(), target.accessKeyId(), "not-the-secret");
        ApiException refused = assertThrows(ApiException.class, () -> allocate(forged, "i-demo-running-04", null));
        assertEquals("SignatureDoesNotMatch", PublicIp.envelope(refused).orElseThrow().getCode());
    }

    /** The generated method takes every parameter of the operation; the signing parameters are the interceptor's. */
    private static AllocatePublicIpAddressResponse allocate(EcsApi api, String instanceId, String ipAddress) throws ApiException {
        return api.allocatePublicIpAddress(ACTION, instanceId, ipAddress, null, null, "JSON", null, null, null, null, null, null, null);
    }
}
