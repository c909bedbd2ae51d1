package io.publicip.client.signing;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.ClientFilter;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.uri.UriBuilder;
import io.publicip.contract.rpc.SignatureV1;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
        Map<String, String> signing = new LinkedHashMap<>();
        signing.put("AccessKeyId", accessKeyId);
        signing.put("SignatureMethod", SignatureV1.METHOD);
        signing.put("SignatureVersion", SignatureV1.VERSION);
        signing.put("SignatureNonce", UUID.randomUUID().toString());
        signing.put("Timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());

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
        all.putAll(signing);
        signing.put(SignatureV1.SIGNATURE, SignatureV1.sign(secret, SignatureV1.stringToSign(request.getMethodName(), all)));

        UriBuilder uri = UriBuilder.of(request.getUri());
        signing.forEach((name, value) -> uri.queryParam(name, List.of(value).toArray()));
        request.uri(uri.build());
    }
}
