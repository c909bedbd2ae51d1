package io.publicip.e2e;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.AllocatePublicIpAddressRequest;
import com.aliyuncs.ecs.model.v20140526.AllocatePublicIpAddressResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.profile.DefaultProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The official Java SDK, unchanged, pointed at the server: successes and errors as from the cloud. */
class OfficialJavaSdkTest extends E2eTest {

    IAcsClient client;

    @BeforeEach
    void setUp() {
        state.resetState("demo");
        client = new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", target.accessKeyId(), target.accessKeySecret()));
    }

    @Test
    void allocatesInJsonAndXml() throws Exception {
        AllocatePublicIpAddressResponse json = client.getAcsResponse(sdkRequest("i-demo-running-01", FormatType.JSON));
        assertTrue(json.getIpAddress().startsWith("112.124."), json.getIpAddress());
        assertTrue(json.getRequestId().matches("[0-9A-F-]{36}"));
        AllocatePublicIpAddressResponse xml = client.getAcsResponse(sdkRequest("i-demo-running-02", FormatType.XML));
        assertTrue(xml.getIpAddress().startsWith("112.124."), xml.getIpAddress());
    }

    @Test
    void errorsArriveAsClientExceptionsWithCodeAndRequestId() throws Exception {
        ClientException notFound = assertThrows(ClientException.class, () -> client.getAcsResponse(sdkRequest("i-nope", FormatType.JSON)));
        assertEquals("InvalidInstanceId.NotFound", notFound.getErrCode());
        assertEquals("The specified InstanceId does not exist.", notFound.getErrMsg());
        assertTrue(notFound.getRequestId().matches("[0-9A-F-]{36}"), notFound.getRequestId());

        // the named address first: a random allocation before it can pick that address (a CI run saw it)
        AllocatePublicIpAddressRequest taken = sdkRequest("i-demo-running-04", FormatType.JSON);
        taken.setIpAddress("112.124.10.77");
        client.getAcsResponse(taken);
        AllocatePublicIpAddressRequest inUse = sdkRequest("i-demo-running-05", FormatType.JSON);
        inUse.setIpAddress("112.124.10.77");
        ClientException ipInUse = assertThrows(ClientException.class, () -> client.getAcsResponse(inUse));
        assertEquals("IpInUse", ipInUse.getErrCode());

        client.getAcsResponse(sdkRequest("i-demo-running-03", FormatType.JSON));
        ClientException again = assertThrows(ClientException.class, () -> client.getAcsResponse(sdkRequest("i-demo-running-03", FormatType.XML)));
        assertEquals("AllocatedAlready", again.getErrCode());
    }
}
