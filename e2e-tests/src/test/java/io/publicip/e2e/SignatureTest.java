package io.publicip.e2e;

import io.publicip.e2e.Reaches.Scheme;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.ecs.model.v20140526.AllocatePublicIpAddressRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.profile.DefaultProfile;
import io.publicip.client.operator.api.AccessKeysApi;
import io.publicip.client.operator.model.AccessKeySpec;
import io.publicip.client.operator.model.AccessKeyWithSecret;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Signature version 1.0 as the official SDKs send it: the three request shapes succeed when
 * signed, and every way of signing wrong gets the real service's error, produced by the official
 * Java SDK where it can produce it and by this suite's own signer otherwise.
 */
class SignatureTest extends E2eTest {

    final AccessKeysApi keys = target.client(AccessKeysApi.class);

    @BeforeEach
    void demo() {
        state.resetState("demo");
    }

    Map<String, String> allocate(String instanceId) {
        return new HashMap<>(Map.of("Action", ACTION, "Version", "2014-05-26", "Format", "JSON", "InstanceId", instanceId));
    }

    @Test
    void popCoreGetWithASortedQuery() {
        HttpResponse<String> ok = rawApi("GET", "/?" + signedQuery("GET", new TreeMap<>(allocate("i-demo-running-01"))), null, null);
        assertEquals(200, ok.statusCode(), ok.body());
    }

    @Test
    void popCorePostWithEverythingInTheFormBody() {
        Map<String, String> parameters = allocate("i-demo-running-02");
        // "+" in a form body is a space: the server must sign over the decoded value
        parameters.put("ClientToken", "a b");
        String body = signedQuery("POST", parameters).replace("a%20b", "a+b");
        HttpResponse<String> ok = rawApi("POST", "/", "application/x-www-form-urlencoded", body);
        assertEquals(200, ok.statusCode(), ok.body());
    }

    @Test
    void javaSdkPostWithEverythingInTheQuery() throws Exception {
        // the official SDK's own request shape (OfficialJavaSdkTest covers its answers)
        var client = new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", target.accessKeyId(), target.accessKeySecret()));
        assertNotNull(client.getAcsResponse(sdkRequest("i-demo-running-03")).getIpAddress());
    }

    @Test
    @Reaches(value = "SignatureDoesNotMatch", schemes = {Scheme.V1})
    void wrongSecret() {
        // the Java SDK recognises its own string to sign in the message and says so
        var client = new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", target.accessKeyId(), "not-the-secret"));
        ClientException e = assertThrows(ClientException.class, () -> client.getAcsResponse(sdkRequest("i-demo-running-01")));
        assertEquals("SDK.InvalidAccessKeySecret", e.getErrCode(), e.getErrMsg());

        Map<String, String> parameters = allocate("i-demo-running-01");
        String query = signedQuery("GET", parameters, Map.of(), "not-the-secret");
        HttpResponse<String> refused = rawApi("GET", "/?" + query, null, null);
        assertRawRow("SignatureDoesNotMatch", refused);
        assertTrue(refused.body().contains("server string to sign is:GET&%2F&AccessKeyId%3D" + target.accessKeyId()), refused.body());
    }

    @Test
    @Reaches(value = "InvalidAccessKeyId.NotFound", schemes = {Scheme.V1})
    void unknownKey() {
        var client = new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", "LTAIdoesnotexist", "whatever-secret"));
        ClientException e = assertThrows(ClientException.class, () -> client.getAcsResponse(sdkRequest("i-demo-running-01")));
        assertEquals("InvalidAccessKeyId.NotFound", e.getErrCode());
        assertNotNull(e.getRequestId());
        assertRawRow("InvalidAccessKeyId.NotFound", rawApi("GET", "/?" + signedQuery("GET", allocate("i-demo-running-01"),
                Map.of("AccessKeyId", "LTAIdoesnotexist"), null), null, null));
    }

    @Test
    @Reaches(value = "InvalidAccessKeyId.Inactive", schemes = {Scheme.V1})
    void disabledKey() throws Exception {
        AccessKeyWithSecret key = keys.createAccessKey(new AccessKeySpec()).body();
        keys.disableAccessKey(key.getAccessKeyId());
        var client = new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", key.getAccessKeyId(), key.getSecret()));
        ClientException e = assertThrows(ClientException.class, () -> client.getAcsResponse(sdkRequest("i-demo-running-01")));
        assertEquals("InvalidAccessKeyId.Inactive", e.getErrCode());
        keys.enableAccessKey(key.getAccessKeyId());
        assertNotNull(client.getAcsResponse(sdkRequest("i-demo-running-01")).getIpAddress());
        keys.deleteAccessKey(key.getAccessKeyId());
    }

    @Test
    @Reaches(value = "IncompleteSignature", schemes = {Scheme.V1})
    void unsupportedSignatureMethodOrVersion() {
        assertRawRow("IncompleteSignature", rawApi("GET", "/?" + signedQuery("GET", allocate("i-demo-running-01"),
                Map.of("SignatureMethod", "HMAC-SHA256"), null), null, null));
        assertRawRow("IncompleteSignature", rawApi("GET", "/?" + signedQuery("GET", allocate("i-demo-running-01"),
                new HashMap<>(java.util.Collections.singletonMap("SignatureVersion", null)), null), null, null));
    }

    @Test
    @Reaches(value = "MissingParameter", schemes = {Scheme.V1})
    void noSignatureAtAll() {
        HttpResponse<String> refused = rawApi("GET", "/?Action=AllocatePublicIpAddress&InstanceId=i-demo-running-01&Format=JSON", null, null);
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("\"Code\":\"MissingParameter\""), refused.body());
        assertTrue(refused.body().contains("AccessKeyId"), refused.body());
    }

    @Test
    @Reaches(value = "SignatureNonceUsed", schemes = {Scheme.V1})
    void replayedNonce() {
        String query = signedQuery("GET", allocate("i-demo-running-01"));
        assertEquals(200, rawApi("GET", "/?" + query, null, null).statusCode());
        assertRawRow("SignatureNonceUsed", rawApi("GET", "/?" + query, null, null));
    }

    /**
     * A refused allocation rolls back with its transaction, where a signed request's nonce is
     * recorded: the nonce must be recorded all the same, so that a replay is refused as one.
     */
    @Test
    void replayOfARefusedRequestIsRefusedAsAReplay() {
        String refused = signedQuery("GET", allocate("i-nobody-has-this-id"));
        assertRawRow("InvalidInstanceId.NotFound", rawApi("GET", "/?" + refused, null, null));
        assertRawRow("SignatureNonceUsed", rawApi("GET", "/?" + refused, null, null));
        // refused by the protocol, before any transaction
        Map<String, String> otherAction = allocate("i-demo-running-01");
        otherAction.put("Action", "DescribeInstances");
        String query = signedQuery("GET", otherAction);
        assertRawRow("InvalidAction.NotFound", rawApi("GET", "/?" + query, null, null));
        assertRawRow("SignatureNonceUsed", rawApi("GET", "/?" + query, null, null));
    }

    @Test
    @Reaches(value = "InvalidTimeStamp.Expired", schemes = {Scheme.V1})
    void oldOrFutureTimestamp() {
        for (long minutes : new long[]{-16, 16, -600}) {
            String when = Instant.now().plus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
            assertRawRow("InvalidTimeStamp.Expired", rawApi("GET", "/?" + signedQuery("GET", allocate("i-demo-running-01"),
                    Map.of("Timestamp", when), null), null, null));
        }
    }

    @Test
    @Reaches(value = "InvalidTimeStamp.Format", schemes = {Scheme.V1})
    void unparsableTimestamp() {
        for (String when : new String[]{"yesterday", "2026-13-45T99:99:99Z", "2026-11-26 12:00:00"}) {
            assertRawRow("InvalidTimeStamp.Format", rawApi("GET", "/?" + signedQuery("GET", allocate("i-demo-running-01"),
                    Map.of("Timestamp", when), null), null, null));
        }
    }

    @Test
    @Reaches(value = "NoSuchVersion", schemes = {Scheme.V1})
    void otherVersion() {
        Map<String, String> parameters = allocate("i-demo-running-01");
        parameters.put("Version", "2099-01-01");
        assertRawRow("NoSuchVersion", rawApi("GET", "/?" + signedQuery("GET", parameters), null, null));
    }

    AllocatePublicIpAddressRequest sdkRequest(String instanceId) {
        return sdkRequest(instanceId, FormatType.JSON);
    }
}
