package io.publicip.javaclient.signing;

import io.publicip.contract.rpc.SignatureV1;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Signs each request of the generated client as the official SDKs do (signature version 1.0),
 * as its {@code ApiClient} request interceptor: the query the generated code built is read back,
 * AccessKeyId, SignatureMethod, SignatureVersion, a fresh SignatureNonce, the Timestamp and the
 * Signature are added, and the request goes to the signed URI. Works for the GET operation
 * (every parameter is in the query); the form-body operation cannot be signed this way.
 */
public final class RpcSigning implements Consumer<HttpRequest.Builder> {

    private final String accessKeyId;
    private final String accessKeySecret;

    public RpcSigning(String accessKeyId, String accessKeySecret) {
        this.accessKeyId = accessKeyId;
        this.accessKeySecret = accessKeySecret;
    }

    @Override
    public void accept(HttpRequest.Builder builder) {
        HttpRequest request = builder.copy().build();
        URI uri = request.uri();
        Map<String, String> signed = SignatureV1.signedParameters(request.method(), parameters(uri.getRawQuery()), accessKeyId, accessKeySecret);
        String base = uri.toString();
        int query = base.indexOf('?');
        builder.uri(URI.create((query < 0 ? base : base.substring(0, query)) + "?" + SignatureV1.queryString(signed)));
    }

    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            parameters.put(decode(name), decode(value));
        }
        return parameters;
    }

    /** Query components as the generated client encodes them: percent-encoding, '+' only ever from a space. */
    private static String decode(String component) {
        return URLDecoder.decode(component, StandardCharsets.UTF_8);
    }
}
