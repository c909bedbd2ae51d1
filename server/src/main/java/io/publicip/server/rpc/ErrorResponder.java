package io.publicip.server.rpc;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.publicip.contract.ErrorCatalogue;
import io.publicip.server.generated.model.ErrorResponse;
import jakarta.inject.Singleton;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds the error envelope for a row of the contract's error catalogue: the row's status and
 * code, its message, in the format the request asked for.
 */
@Singleton
public class ErrorResponder {

    private final ErrorCatalogue catalogue;
    private final String hostId;

    public ErrorResponder(ErrorCatalogue catalogue, @Value("${publicip.host-id:ecs.aliyuncs.com}") String hostId) {
        this.catalogue = catalogue;
        this.hostId = hostId;
    }

    public MutableHttpResponse<ErrorResponse> respond(HttpRequest<?> request, String errorKey) {
        return respond(request, errorKey, null);
    }

    /** @param message replaces the row's message when the row names another parameter; null keeps it */
    public MutableHttpResponse<ErrorResponse> respond(HttpRequest<?> request, String errorKey, @Nullable String message) {
        ErrorCatalogue.Entry entry = catalogue.get(errorKey);
        String requestId = RequestIds.of(request);
        ErrorResponse body = new ErrorResponse(requestId, hostId, entry.code(), message != null ? message : entry.message())
                .recommend("https://api.aliyun.com/troubleshoot?q=" + URLEncoder.encode(entry.code(), StandardCharsets.UTF_8)
                        + "&product=Ecs&requestId=" + requestId);
        ResponseFormat format = ResponseFormat.of(RpcParameters.of(request).get("Format").orElse(null));
        return HttpResponse.<ErrorResponse>status(HttpStatus.valueOf(entry.httpStatus()))
                .contentType(format.mediaType())
                .header(RpcHeaders.REQUEST_ID, requestId)
                .body(body);
    }

    /** The row's message up to its "string to sign is:", then the server's string to sign. */
    public String messageWithStringToSign(String errorKey, String stringToSign) {
        String message = catalogue.get(errorKey).message();
        String marker = "string to sign is:";
        return message.substring(0, message.indexOf(marker) + marker.length()) + stringToSign;
    }

    /** The row's message with its quoted parameter name replaced, for rows that name one. */
    public String messageNaming(String errorKey, String parameter) {
        return catalogue.get(errorKey).message().replaceFirst("\"[^\"]*\"", "\"" + parameter.replace("$", "\\$") + "\"");
    }
}
