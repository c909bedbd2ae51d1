package io.publicip.javaclient;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.publicip.javaclient.api.EcsApi;
import io.publicip.javaclient.model.ErrorResponse;
import io.publicip.javaclient.release.api.EcsReleaseApi;
import io.publicip.javaclient.signing.RpcSigning;

import java.util.Optional;

/**
 * Where to start: a signed {@link EcsApi} (AllocatePublicIpAddress) or {@link EcsReleaseApi}
 * (ReleasePublicIpAddress) for a server (or the cloud), and the error envelope of a failed call.
 * Requests are signed with ACS3-HMAC-SHA256, as today's official SDKs do, unless
 * {@link RpcSigning.Scheme#V1} is asked for. Everything else is the generated client as
 * openapi-generator makes it.
 */
public final class PublicIp {

    private PublicIp() {
    }

    /** AllocatePublicIpAddress at {@code baseUrl} (such as {@code http://localhost:8080}), every request signed with the key (ACS3). */
    public static EcsApi ecs(String baseUrl, String accessKeyId, String accessKeySecret) {
        return ecs(baseUrl, accessKeyId, accessKeySecret, RpcSigning.Scheme.ACS3);
    }

    public static EcsApi ecs(String baseUrl, String accessKeyId, String accessKeySecret, RpcSigning.Scheme scheme) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(baseUrl);
        client.setRequestInterceptor(new RpcSigning(accessKeyId, accessKeySecret, scheme));
        return new EcsApi(client);
    }

    /** ReleasePublicIpAddress at {@code baseUrl}, every request signed with the key (ACS3). */
    public static EcsReleaseApi ecsRelease(String baseUrl, String accessKeyId, String accessKeySecret) {
        return ecsRelease(baseUrl, accessKeyId, accessKeySecret, RpcSigning.Scheme.ACS3);
    }

    public static EcsReleaseApi ecsRelease(String baseUrl, String accessKeyId, String accessKeySecret, RpcSigning.Scheme scheme) {
        io.publicip.javaclient.release.ApiClient client = new io.publicip.javaclient.release.ApiClient();
        client.updateBaseUri(baseUrl);
        client.setRequestInterceptor(new RpcSigning(accessKeyId, accessKeySecret, scheme));
        return new EcsReleaseApi(client);
    }

    /** The Alibaba error envelope (Code, Message, RequestId, HostId) a failed call answered with, when it is JSON. */
    public static Optional<ErrorResponse> envelope(ApiException failure) {
        return envelope(failure.getResponseBody());
    }

    /** The error envelope of a failed ReleasePublicIpAddress call, when it is JSON. */
    public static Optional<ErrorResponse> envelope(io.publicip.javaclient.release.ApiException failure) {
        return envelope(failure.getResponseBody());
    }

    private static Optional<ErrorResponse> envelope(String body) {
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
