package io.publicip.client.signing;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.ClientFilter;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.uri.UriBuilder;
import io.publicip.contract.rpc.SignatureV1;

import java.util.HashMap;
import java.util.Map;

/**
 * Signs every request of the generated public API client (signature version 1.0), as the
 * official SDKs do, when {@code publicip.client.access-key-id} and
 * {@code publicip.client.access-key-secret} are configured. The signature covers the query and
 * a form body; the signature parameters travel in the query.
 */
@ClientFilter(serviceId = "publicip")
@Requires(property = "publicip.client.access-key-id")
public class RpcSigningFilter {

    private final String accessKeyId;
    private final String secret;

    public RpcSigningFilter(@Value("${publicip.client.access-key-id}") String accessKeyId,
                            @Value("${publicip.client.access-key-secret}") String secret) {
        this.accessKeyId = accessKeyId;
        this.secret = secret;
    }

    @RequestFilter
    public void sign(MutableHttpRequest<?> request) {
        Map<String, String> all = new HashMap<>();
        request.getBody(Map.class).ifPresent(body -> ((Map<?, ?>) body).forEach((name, value) -> {
            if (value != null) {
                all.put(String.valueOf(name), String.valueOf(value));
            }
        }));
        request.getParameters().asMap().forEach((name, values) -> {
            if (!values.isEmpty()) {
                all.put(name, values.get(0));
            }
        });
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
}
