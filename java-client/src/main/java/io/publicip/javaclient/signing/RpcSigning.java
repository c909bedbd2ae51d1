package io.publicip.javaclient.signing;

import io.publicip.contract.rpc.SignatureAcs3;
import io.publicip.contract.rpc.SignatureV1;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Signs each request of the generated client as the official SDKs do, as its
 * {@code ApiClient} request interceptor: the query the generated code built is read back and
 * signed in one of the two schemes.
 * <ul>
 *   <li>{@link Scheme#ACS3} (the default of today's SDKs): Action and Version move to the
 *       {@code x-acs-action} and {@code x-acs-version} headers, and the Authorization header
 *       signs the query, the x-acs-* headers and the host;</li>
 *   <li>{@link Scheme#V1} (the legacy SDKs): AccessKeyId, SignatureMethod, SignatureVersion, a
 *       fresh SignatureNonce, the Timestamp and the Signature are added to the query.</li>
 * </ul>
 * Works for the GET operations (every parameter is in the query); the form-body operations
 * cannot be signed this way, since an interceptor cannot read the body.
 */
public final class RpcSigning implements Consumer<HttpRequest.Builder> {

    /** The signature scheme. */
    public enum Scheme { ACS3, V1 }

    private final String accessKeyId;
    private final String accessKeySecret;
    private final Scheme scheme;

    public RpcSigning(String accessKeyId, String accessKeySecret) {
        this(accessKeyId, accessKeySecret, Scheme.ACS3);
    }

    public RpcSigning(String accessKeyId, String accessKeySecret, Scheme scheme) {
        this.accessKeyId = accessKeyId;
        this.accessKeySecret = accessKeySecret;
        this.scheme = scheme;
    }

    @Override
    public void accept(HttpRequest.Builder builder) {
        HttpRequest request = builder.copy().build();
        URI uri = request.uri();
        Map<String, String> parameters = parameters(uri.getRawQuery());
        String base = uri.toString();
        int query = base.indexOf('?');
        String path = query < 0 ? base : base.substring(0, query);
        if (scheme == Scheme.V1) {
            Map<String, String> signed = SignatureV1.signedParameters(request.method(), parameters, accessKeyId, accessKeySecret);
            builder.uri(URI.create(path + "?" + SignatureV1.queryString(signed)));
            return;
        }
        String action = parameters.remove("Action");
        String version = parameters.remove("Version");
        builder.uri(URI.create(path + (parameters.isEmpty() ? "" : "?" + SignatureV1.queryString(parameters))));
        Map<String, String> headers = SignatureAcs3.signedHeaders(request.method(), host(uri), parameters, Map.of(), new byte[0],
                action == null ? "" : action, version == null ? "2014-05-26" : version, accessKeyId, accessKeySecret);
        headers.forEach(builder::setHeader);
        if (!parameters.containsKey("Format")) {
            builder.setHeader("Accept", "application/json");
        }
    }

    /** The Host header as the JDK's client sends it: the port only when it is not the scheme's default. */
    private static String host(URI uri) {
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("http".equals(uri.getScheme()) && port == 80) || ("https".equals(uri.getScheme()) && port == 443);
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]" : uri.getHost();
        return defaultPort ? host : host + ":" + port;
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
