package io.publicip.client.signing;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.ClientFilter;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.uri.UriBuilder;
import io.publicip.contract.rpc.SignatureAcs3;
import io.publicip.contract.rpc.SignatureV1;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Signs every request of the generated public API clients as the official SDKs do, when
 * {@code publicip.client.access-key-id} and {@code publicip.client.access-key-secret} are
 * configured. {@code publicip.client.signature} picks the scheme:
 * <ul>
 *   <li>{@code acs3} (the default, as today's SDKs): every parameter goes in the query with an
 *       empty body, Action and Version move to {@code x-acs-action} and {@code x-acs-version},
 *       and the Authorization header signs the query and the x-acs-* headers;</li>
 *   <li>{@code v1} (the legacy SDKs): the signature parameters are added to the query, over the
 *       query and a form body, which stay where they are.</li>
 * </ul>
 */
@ClientFilter(serviceId = "publicip")
@Requires(property = "publicip.client.access-key-id")
public class RpcSigningFilter {

    private final String accessKeyId;
    private final String secret;
    private final boolean acs3;
    private final URI serviceUrl;

    public RpcSigningFilter(@Value("${publicip.client.access-key-id}") String accessKeyId,
                            @Value("${publicip.client.access-key-secret}") String secret,
                            @Value("${publicip.client.signature:acs3}") String scheme,
                            @Value("${micronaut.http.services.publicip.url:`http://localhost`}") String serviceUrl) {
        this.accessKeyId = accessKeyId;
        this.secret = secret;
        this.acs3 = switch (scheme.toLowerCase(Locale.ROOT)) {
            case "acs3" -> true;
            case "v1" -> false;
            default -> throw new IllegalArgumentException("publicip.client.signature must be acs3 or v1, not " + scheme);
        };
        this.serviceUrl = URI.create(serviceUrl.split(",")[0].trim());
    }

    @RequestFilter
    public void sign(MutableHttpRequest<?> request) {
        Map<String, String> body = new LinkedHashMap<>();
        request.getBody(Map.class).ifPresent(form -> ((Map<?, ?>) form).forEach((name, value) -> {
            if (value != null) {
                body.put(String.valueOf(name), String.valueOf(value));
            }
        }));
        Map<String, String> query = new LinkedHashMap<>();
        request.getParameters().asMap().forEach((name, values) -> {
            if (!values.isEmpty()) {
                query.put(name, values.get(0));
            }
        });
        if (acs3) {
            signAcs3(request, query, body);
        } else {
            signV1(request, query, body);
        }
    }

    private void signV1(MutableHttpRequest<?> request, Map<String, String> query, Map<String, String> body) {
        Map<String, String> all = new HashMap<>(body);
        all.putAll(query);
        Map<String, String> signed = SignatureV1.signedParameters(request.getMethodName(), all, accessKeyId, secret);
        // the request keeps its own parameters where they are; the signature's go in the query
        UriBuilder uri = UriBuilder.of(request.getUri());
        signed.forEach((name, value) -> {
            if (!all.containsKey(name)) {
                uri.queryParam(name, value);
            }
        });
        request.uri(uri.build());
    }

    @SuppressWarnings("unchecked")
    private void signAcs3(MutableHttpRequest<?> request, Map<String, String> query, Map<String, String> body) {
        Map<String, String> parameters = new LinkedHashMap<>(body);
        parameters.putAll(query);
        String action = parameters.remove("Action");
        String version = parameters.remove("Version");
        URI current = request.getUri();
        UriBuilder uri = UriBuilder.of(current.getPath() == null || current.getPath().isEmpty() ? "/" : current.getPath());
        if (current.getScheme() != null) {
            uri = UriBuilder.of(current.getScheme() + "://" + current.getRawAuthority() + (current.getPath().isEmpty() ? "/" : current.getPath()));
        }
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            uri.queryParam(parameter.getKey(), parameter.getValue());
        }
        request.uri(uri.build());
        if (!body.isEmpty()) {
            ((MutableHttpRequest<Object>) request).body(null);
            request.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
        }
        String host = current.getRawAuthority() != null ? current.getRawAuthority() : serviceUrl.getRawAuthority();
        Map<String, String> headers = SignatureAcs3.signedHeaders(request.getMethodName(), host, parameters, Map.of(), new byte[0],
                action == null ? "" : action, version == null ? "2014-05-26" : version, accessKeyId, secret);
        request.header(HttpHeaders.HOST, host);
        headers.forEach(request::header);
        if (!parameters.containsKey("Format")) {
            request.header(HttpHeaders.ACCEPT, "application/json");
        }
    }
}
