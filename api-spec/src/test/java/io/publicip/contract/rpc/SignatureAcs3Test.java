package io.publicip.contract.rpc;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignatureAcs3Test {

    private static final String PAYLOAD_HASH = "348dbb467cf260f8e09d127654775b7f0cbc83237e4e9eebca6137d5fef7a36a";
    private static final String SIGNED_HEADERS =
            "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";

    /** The test vector of acs3-signature.md (the SDKs' own getAuthorization agree with it). */
    @Test
    void documentedTestVector() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("InstanceId", "i-demo-running-01");
        query.put("IpAddress", "112.124.11.3");
        query.put("VlanId", "101");
        query.put("Tag", "a b*~");
        assertEquals(PAYLOAD_HASH, SignatureAcs3.sha256Hex("OwnerId=1".getBytes(StandardCharsets.UTF_8)));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "ecs.example:8080");
        headers.put("x-acs-action", "AllocatePublicIpAddress");
        headers.put("x-acs-version", "2014-05-26");
        headers.put("x-acs-date", "2026-01-01T00:00:00Z");
        headers.put("x-acs-signature-nonce", "n-1");
        headers.put("content-type", "application/x-www-form-urlencoded");
        headers.put("x-acs-content-sha256", PAYLOAD_HASH);

        String canonicalRequest = SignatureAcs3.canonicalRequest("POST", "/", query, headers, PAYLOAD_HASH);
        assertEquals(String.join("\n",
                "POST",
                "/",
                "InstanceId=i-demo-running-01&IpAddress=112.124.11.3&Tag=a%20b%2A~&VlanId=101",
                "content-type:application/x-www-form-urlencoded",
                "host:ecs.example:8080",
                "x-acs-action:AllocatePublicIpAddress",
                "x-acs-content-sha256:" + PAYLOAD_HASH,
                "x-acs-date:2026-01-01T00:00:00Z",
                "x-acs-signature-nonce:n-1",
                "x-acs-version:2014-05-26",
                "",
                SIGNED_HEADERS,
                PAYLOAD_HASH), canonicalRequest);
        assertEquals("InstanceId=i-demo-running-01&IpAddress=112.124.11.3&Tag=a%20b%2A~&VlanId=101",
                canonicalRequest.split("\n")[2]);

        String stringToSign = SignatureAcs3.stringToSign(canonicalRequest);
        assertEquals("ACS3-HMAC-SHA256\n5c50a1e4551be9f7c4e3ed34760131a3db3b8a2bcdcbe980a8b05266f844310c", stringToSign);

        String signature = SignatureAcs3.sign("testsecret", stringToSign);
        assertEquals("58c0026dc12f1901693f8cd107a1a558298ef53bb180de48badf4f61ffa05190", signature);

        assertEquals("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=" + SIGNED_HEADERS
                        + ",Signature=58c0026dc12f1901693f8cd107a1a558298ef53bb180de48badf4f61ffa05190",
                SignatureAcs3.authorization("testid", headers.keySet(), signature));
    }

    @Test
    void authorizationListsTheNamesLowerCasedSortedAndOnce() {
        assertEquals("ACS3-HMAC-SHA256 Credential=id,SignedHeaders=content-type;host;x-acs-date,Signature=ab",
                SignatureAcs3.authorization("id", List.of("x-acs-date", "Host", "Content-Type", "content-type"), "ab"));
    }

    @Test
    void headerNamesAreLowerCasedAndValuesTrimmed() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", " ecs.example ");
        headers.put("X-Acs-Date", "\t2026-01-01T00:00:00Z  ");
        headers.put("x-acs-empty", "");
        assertEquals("GET\n/\n\nhost:ecs.example\nx-acs-date:2026-01-01T00:00:00Z\nx-acs-empty:\n\nhost;x-acs-date;x-acs-empty\nh",
                SignatureAcs3.canonicalRequest("GET", "/", Map.of(), headers, "h"));
    }

    @Test
    void anEmptyOrMissingQueryValueGivesNameEquals() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("b", "");
        query.put("a", null);
        assertEquals("a=&b=", SignatureAcs3.canonicalRequest("POST", "/", query, Map.of(), "h").split("\n")[2]);
    }

    /** signedHeaders(...) adds what the SDK sends, host signed but not returned, and the signature checks out. */
    @Test
    void signedHeadersProducesAVerifiableAuthorization() {
        Map<String, String> query = Map.of("InstanceId", "i-1");
        byte[] body = new byte[0];
        Map<String, String> added = SignatureAcs3.signedHeaders("POST", "127.0.0.1:8080", query,
                Map.of("content-type", "application/json"), body, "AllocatePublicIpAddress", "2014-05-26", "testid", "testsecret");

        assertFalse(added.containsKey("host"));
        assertEquals("AllocatePublicIpAddress", added.get(SignatureAcs3.ACTION));
        assertEquals("2014-05-26", added.get(SignatureAcs3.VERSION));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", added.get(SignatureAcs3.CONTENT_SHA256));
        assertTrue(added.get(SignatureAcs3.DATE).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"), added.get(SignatureAcs3.DATE));
        assertTrue(added.get(SignatureAcs3.NONCE).matches("[0-9a-f]{32}"), added.get(SignatureAcs3.NONCE));

        Map<String, String> received = new TreeMap<>(added);
        received.remove(SignatureAcs3.AUTHORIZATION);
        received.put("host", "127.0.0.1:8080");
        String signature = SignatureAcs3.sign("testsecret", SignatureAcs3.stringToSign(
                SignatureAcs3.canonicalRequest("POST", "/", query, received, SignatureAcs3.sha256Hex(body))));
        assertEquals("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;"
                + "x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=" + signature, added.get(SignatureAcs3.AUTHORIZATION));
    }
}
