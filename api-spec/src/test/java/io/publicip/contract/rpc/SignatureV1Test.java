package io.publicip.contract.rpc;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SignatureV1Test {

    /** The published test vector of signature version 1.0. */
    @Test
    void publishedTestVector() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("Version", "2014-05-26");
        parameters.put("Timestamp", "2016-02-23T12:46:24Z");
        parameters.put("SignatureVersion", "1.0");
        parameters.put("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf");
        parameters.put("SignatureMethod", "HMAC-SHA1");
        parameters.put("Format", "XML");
        parameters.put("Action", "DescribeRegions");
        parameters.put("AccessKeyId", "testid");
        String stringToSign = SignatureV1.stringToSign("GET", parameters);
        assertEquals("GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1"
                + "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0"
                + "%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26", stringToSign);
        assertEquals("OLeaidS1JvxuMvnyHOwuJ+uX5qY=", SignatureV1.sign("testsecret", stringToSign));
    }

    @Test
    void percentEncodingKeepsOnlyTheUnreservedCharacters() {
        assertEquals("a%20b%2Ac~d%2B%2F%3D%E4%B8%AD", SignatureV1.percentEncode("a b*c~d+/=中"));
    }

    @Test
    void theSignatureItselfIsNotSigned() {
        Map<String, String> withSignature = new LinkedHashMap<>(Map.of("Action", "X", "Signature", "abc"));
        assertEquals(SignatureV1.stringToSign("POST", Map.of("Action", "X")), SignatureV1.stringToSign("POST", withSignature));
    }
}
