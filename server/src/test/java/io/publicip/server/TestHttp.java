package io.publicip.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plain HTTP calls to the test's server on either port, and the string fields of its JSON answers. */
final class TestHttp {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestHttp() {
    }

    static HttpResponse<String> send(String method, int port, String path, String json) throws Exception {
        return send(method, port, path, json, null);
    }

    /** With the operator token as a bearer token when one is given. */
    static HttpResponse<String> send(String method, int port, String path, String json, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * An ACS3-HMAC-SHA256 signed GET of the public API, as today's official SDKs send it: the
     * parameters in the query, the action and version in x-acs-* headers, Accept JSON.
     */
    static HttpResponse<String> sendAcs3(int port, java.util.Map<String, String> query, String action, String keyId, String secret)
            throws Exception {
        java.util.Map<String, String> headers = io.publicip.contract.rpc.SignatureAcs3.signedHeaders("GET", "localhost:" + port, query,
                java.util.Map.of(), new byte[0], action, "2014-05-26", keyId, secret);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/?"
                + io.publicip.contract.rpc.SignatureV1.queryString(query))).GET().header("Accept", "application/json");
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertTrue(m.find(), json);
        return m.group(1);
    }
}
