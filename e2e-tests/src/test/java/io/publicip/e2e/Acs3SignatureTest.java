package io.publicip.e2e;

import io.publicip.client.operator.api.AccessKeysApi;
import io.publicip.client.operator.model.AccessKeySpec;
import io.publicip.client.operator.model.AccessKeyWithSecret;
import io.publicip.contract.rpc.SignatureAcs3;
import io.publicip.e2e.Reaches.Scheme;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ACS3-HMAC-SHA256 as today's official SDKs send it, signed by this suite: the request shapes
 * succeed, and every way of signing wrong gets its row. (The SDK itself, unchanged, is
 * {@link OfficialV2JavaSdkTest}.)
 */
class Acs3SignatureTest extends E2eTest {

    final AccessKeysApi keys = target.client(AccessKeysApi.class);

    @BeforeEach
    void demo() {
        state.resetState("demo");
    }

    static Map<String, String> instance(String instanceId) {
        return Map.of("InstanceId", instanceId);
    }

    HttpResponse<String> send(Map<String, String> query, Map<String, String> forged) {
        return rawAcs3("GET", query, acs3Headers("GET", query, ACTION, new byte[0], null, forged, null), null);
    }

    @Test
    void getWithEverythingInTheQueryAndPostWithAFormBody() {
        HttpResponse<String> get = send(instance("i-demo-running-01"), Map.of());
        assertEquals(200, get.statusCode(), get.body());
        assertEquals(WireContract.JSON, get.headers().firstValue("Content-Type").orElseThrow(), "Accept: application/json, no Format");
        String form = "InstanceId=i-demo-running-02&Format=XML";
        HttpResponse<String> post = rawAcs3("POST", Map.of(), acs3Headers("POST", Map.of(), ACTION, form.getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded", Map.of(), null), form);
        assertEquals(200, post.statusCode(), post.body());
        assertEquals(WireContract.XML, post.headers().firstValue("Content-Type").orElseThrow(), "Format decides over Accept");
    }

    /** The Java SDK sends its (empty) body chunked: the hash is of the bytes received, however they came. */
    @Test
    void aChunkedBodyIsHashedAsReceived() throws Exception {
        java.net.URI api = java.net.URI.create(target.apiUrl());
        for (String form : new String[]{"", "InstanceId=i-demo-locked&Format=JSON"}) {
            byte[] body = form.getBytes(StandardCharsets.UTF_8);
            Map<String, String> query = form.isEmpty() ? Map.of("InstanceId", "i-demo-locked") : Map.of();
            Map<String, String> headers = acs3Headers("POST", query, ACTION, body, form.isEmpty() ? null : "application/x-www-form-urlencoded",
                    Map.of(), null);
            StringBuilder request = new StringBuilder("POST /" + (query.isEmpty() ? "" : "?InstanceId=i-demo-locked") + " HTTP/1.1\r\nHost: "
                    + api.getRawAuthority() + "\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            request.append("\r\n");
            // the body in two chunks, then the last one
            int half = form.length() / 2;
            for (String chunk : new String[]{form.substring(0, half), form.substring(half)}) {
                if (!chunk.isEmpty()) {
                    request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
                }
            }
            request.append("0\r\n\r\n");
            HostileRequestsFuzzTest.Answer answer = HostileRequestsFuzzTest.send(api.getHost(), api.getPort(),
                    request.toString().getBytes(StandardCharsets.UTF_8));
            assertEquals(403, answer.status(), answer.body());
            assertTrue(answer.body().contains("InstanceLockedForSecurity"), "signature verified, the rules reached: " + answer.body());
        }
    }

    @Test
    void extraSignedHeadersAreSignedAsTheClientNamesThem() {
        HttpResponse<String> ok = send(instance("i-demo-running-01"), Map.of("x-acs-credentials-provider", "static_ak",
                "x-acs-trace", "  spaced  value  "));
        assertEquals(200, ok.statusCode(), ok.body());
    }

    @Test
    @Reaches(value = "SignatureDoesNotMatch", schemes = {Scheme.ACS3})
    void wrongSecretOrTamperedRequest() {
        HttpResponse<String> wrong = rawAcs3("GET", instance("i-demo-running-01"),
                acs3Headers("GET", instance("i-demo-running-01"), ACTION, new byte[0], null, Map.of(), "not-the-secret"), null);
        assertRawRow("SignatureDoesNotMatch", wrong);
        assertTrue(wrong.body().contains("ACS3-HMAC-SHA256\\n"), "the server's string to sign: " + wrong.body());
        // signed for one instance, sent for another
        Map<String, String> headers = acs3Headers("GET", instance("i-demo-running-01"), ACTION);
        assertRawRow("SignatureDoesNotMatch", rawAcs3("GET", instance("i-demo-running-02"), headers, null));
    }

    @Test
    @Reaches(value = "InvalidAccessKeyId.NotFound", schemes = {Scheme.ACS3})
    void unknownKey() {
        Map<String, String> headers = acs3Headers("GET", instance("i-demo-running-01"), ACTION);
        headers.put(SignatureAcs3.AUTHORIZATION, headers.get(SignatureAcs3.AUTHORIZATION).replace(target.accessKeyId(), "LTAIdoesnotexist"));
        assertRawRow("InvalidAccessKeyId.NotFound", rawAcs3("GET", instance("i-demo-running-01"), headers, null));
    }

    @Test
    @Reaches(value = "InvalidAccessKeyId.Inactive", schemes = {Scheme.ACS3})
    void disabledKey() {
        AccessKeyWithSecret key = keys.createAccessKey(new AccessKeySpec()).body();
        keys.disableAccessKey(key.getAccessKeyId());
        Map<String, String> headers = acs3Headers("GET", instance("i-demo-running-01"), ACTION, new byte[0], null, Map.of(), key.getSecret());
        headers.put(SignatureAcs3.AUTHORIZATION, headers.get(SignatureAcs3.AUTHORIZATION).replace(target.accessKeyId(), key.getAccessKeyId()));
        assertRawRow("InvalidAccessKeyId.Inactive", rawAcs3("GET", instance("i-demo-running-01"), headers, null));
        keys.deleteAccessKey(key.getAccessKeyId());
    }

    @Test
    @Reaches(value = "IncompleteSignature.Authorization", schemes = {Scheme.ACS3})
    void malformedAuthorization() {
        String valid = acs3Headers("GET", instance("i-demo-running-01"), ACTION).get(SignatureAcs3.AUTHORIZATION);
        for (String authorization : new String[]{"garbage", "ACS3-HMAC-SHA1 " + valid.substring(valid.indexOf(' ') + 1),
                "Bearer abc", valid.replaceFirst("Credential=[^,]*,", ""), valid.replaceFirst(",Signature=.*", ""),
                valid.replaceFirst("SignedHeaders=[^,]*", "SignedHeaders=")}) {
            Map<String, String> headers = acs3Headers("GET", instance("i-demo-running-01"), ACTION);
            headers.put(SignatureAcs3.AUTHORIZATION, authorization);
            assertRawRow("IncompleteSignature.Authorization", rawAcs3("GET", instance("i-demo-running-01"), headers, null));
        }
    }

    @Test
    @Reaches(value = "IncompleteSignature.SignedHeaders", schemes = {Scheme.ACS3})
    void signedHeadersThatMissOrInventHeaders() {
        // x-acs-trace sent but not signed; host not signed; a signed header that is not sent
        Map<String, String> unsignedExtra = acs3Headers("GET", instance("i-demo-running-01"), ACTION);
        unsignedExtra.put("x-acs-trace", "1");
        assertRawRow("IncompleteSignature.SignedHeaders", rawAcs3("GET", instance("i-demo-running-01"), unsignedExtra, null));
        Map<String, String> noHost = acs3Headers("GET", instance("i-demo-running-01"), ACTION);
        noHost.put(SignatureAcs3.AUTHORIZATION, noHost.get(SignatureAcs3.AUTHORIZATION).replace("SignedHeaders=host;", "SignedHeaders="));
        assertRawRow("IncompleteSignature.SignedHeaders", rawAcs3("GET", instance("i-demo-running-01"), noHost, null));
        Map<String, String> absent = acs3Headers("GET", instance("i-demo-running-01"), ACTION, new byte[0], null,
                Map.of("x-acs-absent", "1"), null);
        absent.remove("x-acs-absent");
        assertRawRow("IncompleteSignature.SignedHeaders", rawAcs3("GET", instance("i-demo-running-01"), absent, null));
    }

    @Test
    @Reaches(value = "MissingParameter", schemes = {Scheme.ACS3})
    void missingNonceDateOrBodyHash() {
        for (String header : new String[]{SignatureAcs3.NONCE, SignatureAcs3.DATE, SignatureAcs3.CONTENT_SHA256}) {
            Map<String, String> forged = new HashMap<>();
            forged.put(header, null);
            HttpResponse<String> refused = send(instance("i-demo-running-01"), forged);
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("\"Code\":\"MissingParameter\""), refused.body());
            assertTrue(refused.body().contains(header), refused.body());
        }
    }

    /** The gateway checks the signature before the action's parameters, as the cloud does. */
    @Test
    void authenticationComesBeforeParameters() {
        Map<String, String> headers = acs3Headers("GET", Map.of(), ACTION, new byte[0], null, Map.of(), "not-the-secret");
        assertRawRow("SignatureDoesNotMatch", rawAcs3("GET", Map.of(), headers, null));
        HttpResponse<String> unsigned = rawApi("GET", "/?Action=AllocatePublicIpAddress&Format=JSON", null, null);
        assertTrue(unsigned.body().contains("\"Code\":\"MissingParameter\"") && unsigned.body().contains("AccessKeyId"), unsigned.body());
        // a body no RPC request has is a parameter error too: the missing signature comes first
        HttpResponse<String> unsignedJson = rawApi("POST", "/?Format=JSON", "application/json", "{\"Action\":\"AllocatePublicIpAddress\"}");
        assertTrue(unsignedJson.body().contains("\"Code\":\"MissingParameter\"") && unsignedJson.body().contains("AccessKeyId"), unsignedJson.body());
    }

    /** Values no database column can hold, correctly signed: refused as parameters, never a 5xx. */
    @Test
    void aNonceTooLongOrAValueWithANulIsAnInvalidParameter() {
        HttpResponse<String> longNonce = send(instance("i-demo-locked"), Map.of(SignatureAcs3.NONCE, "n".repeat(300)));
        assertEquals(400, longNonce.statusCode(), longNonce.body());
        assertTrue(longNonce.body().contains("\"Code\":\"InvalidParameter\"") && longNonce.body().contains(SignatureAcs3.NONCE), longNonce.body());
        HttpResponse<String> nul = send(Map.of("InstanceId", "i-demo\u0000locked", "Format", "JSON"), Map.of());
        assertEquals(400, nul.statusCode(), nul.body());
        assertTrue(nul.body().contains("\"Code\":\"InvalidParameter\"") && nul.body().contains("InstanceId"), nul.body());
        String v1 = signedQuery("GET", new java.util.TreeMap<>(Map.of("Action", ACTION, "Format", "JSON", "InstanceId", "i-demo-locked")),
                Map.of("SignatureNonce", "n".repeat(300)), null);
        HttpResponse<String> v1LongNonce = rawApi("GET", "/?" + v1, null, null);
        assertEquals(400, v1LongNonce.statusCode(), v1LongNonce.body());
        assertTrue(v1LongNonce.body().contains("SignatureNonce"), v1LongNonce.body());
    }

    @Test
    @Reaches(value = "InvalidParameter", schemes = {Scheme.ACS3})
    void bodyHashThatIsNotTheBodys() {
        String form = "InstanceId=i-demo-running-01";
        Map<String, String> headers = acs3Headers("POST", Map.of(), ACTION, form.getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded", Map.of(SignatureAcs3.CONTENT_SHA256, SignatureAcs3.sha256Hex(new byte[0])), null);
        HttpResponse<String> refused = rawAcs3("POST", Map.of(), headers, form);
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"Code\":\"InvalidParameter\"") && refused.body().contains(SignatureAcs3.CONTENT_SHA256), refused.body());
    }

    @Test
    @Reaches(value = "SignatureNonceUsed", schemes = {Scheme.ACS3})
    void replayedNonceIncludingOneAV1RequestUsed() {
        Map<String, String> headers = acs3Headers("GET", instance("i-demo-running-01"), ACTION);
        assertEquals(200, rawAcs3("GET", instance("i-demo-running-01"), headers, null).statusCode());
        assertRawRow("SignatureNonceUsed", rawAcs3("GET", instance("i-demo-running-01"), headers, null));
        // a refused call's nonce is used too
        Map<String, String> refused = acs3Headers("GET", instance("i-nobody"), ACTION);
        assertRawRow("InvalidInstanceId.NotFound", rawAcs3("GET", instance("i-nobody"), refused, null));
        assertRawRow("SignatureNonceUsed", rawAcs3("GET", instance("i-nobody"), refused, null));
        // one ledger for both schemes
        String nonce = "shared-" + System.nanoTime();
        Map<String, String> v1 = new LinkedHashMap<>(Map.of("Action", ACTION, "Format", "JSON", "InstanceId", "i-demo-locked"));
        assertRawRow("InstanceLockedForSecurity", rawApi("GET", "/?" + signedQuery("GET", v1, Map.of("SignatureNonce", nonce), null), null, null));
        assertRawRow("SignatureNonceUsed", send(instance("i-demo-locked"), Map.of(SignatureAcs3.NONCE, nonce)));
    }

    @Test
    @Reaches(value = "InvalidTimeStamp.Expired", schemes = {Scheme.ACS3})
    void oldOrFutureDate() {
        for (long minutes : new long[]{-16, 16, -600}) {
            String when = Instant.now().plus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
            assertRawRow("InvalidTimeStamp.Expired", send(instance("i-demo-running-01"), Map.of(SignatureAcs3.DATE, when)));
        }
    }

    @Test
    @Reaches(value = "InvalidTimeStamp.Format", schemes = {Scheme.ACS3})
    void unparsableDate() {
        for (String when : new String[]{"yesterday", "2026-13-45T99:99:99Z", "2026-11-26 12:00:00", "2026-11-26T12:00:00.123Z", "99999-01-01T00:00:00Z"}) {
            assertRawRow("InvalidTimeStamp.Format", send(instance("i-demo-running-01"), Map.of(SignatureAcs3.DATE, when)));
        }
    }

    @Test
    @Reaches(value = "NoSuchVersion", schemes = {Scheme.ACS3})
    void otherVersion() {
        assertRawRow("NoSuchVersion", send(instance("i-demo-running-01"), Map.of(SignatureAcs3.VERSION, "2099-01-01")));
    }

    @Test
    @Reaches(value = "InvalidAction.NotFound", schemes = {Scheme.ACS3})
    void unknownAction() {
        assertRawRow("InvalidAction.NotFound", send(instance("i-demo-running-01"), Map.of(SignatureAcs3.ACTION, "DescribeInstances")));
    }
}
