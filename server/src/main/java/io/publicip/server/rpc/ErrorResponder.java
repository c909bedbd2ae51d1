package io.publicip.server.rpc;

import io.publicip.server.ServerSettings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.publicip.contract.ErrorCatalogue;
import io.publicip.server.generated.model.ErrorResponse;
import jakarta.inject.Singleton;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds the error envelope for a row of the contract's error catalogue: the row's status and
 * code, its message, in the format the call asked for.
 */
@Singleton
public class ErrorResponder {

    private final ErrorCatalogue catalogue;
    private final EnvelopeWriter writer;
    private final String hostId;

    ErrorResponder(ErrorCatalogue catalogue, EnvelopeWriter writer, ServerSettings settings) {
        this.catalogue = catalogue;
        this.writer = writer;
        this.hostId = settings.hostId();
    }

    /** For a request the front door never parsed (refused before routing, or a framework error). */
    public MutableHttpResponse<byte[]> respond(HttpRequest<?> request, String errorKey) {
        return respond(RpcCallParser.headersOnly(request), errorKey, null);
    }

    /** @param message replaces the row's message when the row names another parameter; null keeps it */
    public MutableHttpResponse<byte[]> respond(RpcCall call, String errorKey, @Nullable String message) {
        ErrorCatalogue.Entry entry = catalogue.get(errorKey);
        ErrorResponse body = new ErrorResponse(call.requestId(), hostId, entry.code(), message != null ? message : entry.message())
                .recommend("https://api.aliyun.com/troubleshoot?q=" + URLEncoder.encode(entry.code(), StandardCharsets.UTF_8)
                        + "&product=Ecs&requestId=" + call.requestId());
        return writer.write(call, HttpStatus.valueOf(entry.httpStatus()), body, entry.code());
    }

    public MutableHttpResponse<byte[]> respond(RpcCall call, RpcError error) {
        String message = error.namedParameter() != null ? messageNaming(error.errorKey(), error.namedParameter())
                : error.stringToSign() != null ? messageWithStringToSign(error.errorKey(), error.stringToSign()) : null;
        return respond(call, error.errorKey(), message);
    }

    /** The row's message up to its "string to sign is:", then the server's string to sign. */
    private String messageWithStringToSign(String errorKey, String stringToSign) {
        String message = catalogue.get(errorKey).message();
        String marker = "string to sign is:";
        return message.substring(0, message.indexOf(marker) + marker.length()) + stringToSign;
    }

    /** The row's message with its quoted parameter name replaced, for rows that name one. */
    private String messageNaming(String errorKey, String parameter) {
        return catalogue.get(errorKey).message().replaceFirst("\"[^\"]*\"", java.util.regex.Matcher.quoteReplacement("\"" + parameter + "\""));
    }
}
