package io.publicip.javaclient;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.publicip.javaclient.api.EcsApi;
import io.publicip.javaclient.model.ErrorResponse;
import io.publicip.javaclient.signing.RpcSigning;

import java.util.Optional;

/**
 * Where to start: a signed {@link EcsApi} for a server (or the cloud), and the error envelope
 * of a failed call. Everything else is the generated client as openapi-generator makes it.
 */
public final class PublicIp {

    private PublicIp() {
    }

    /** The public API at {@code baseUrl} (such as {@code http://localhost:8080}), every request signed with the key. */
    public static EcsApi ecs(String baseUrl, String accessKeyId, String accessKeySecret) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(baseUrl);
        client.setRequestInterceptor(new RpcSigning(accessKeyId, accessKeySecret));
        return new EcsApi(client);
    }

    /** The Alibaba error envelope (Code, Message, RequestId, HostId) a failed call answered with, when it is JSON. */
    public static Optional<ErrorResponse> envelope(ApiException failure) {
        String body = failure.getResponseBody();
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new JSON().getMapper().readValue(body, ErrorResponse.class));
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
    }
}
