package io.publicip.server;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.publicip.persistence.SqlErrors;
import io.publicip.server.operator.access.OperatorPort;
import io.publicip.server.operator.access.Problems;
import io.publicip.server.rpc.ErrorResponder;
import io.publicip.server.rpc.ProtocolErrors;
import io.publicip.server.rpc.RpcCall;
import io.publicip.server.rpc.RpcCallParser;
import io.publicip.server.rpc.RpcError;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts every error the framework itself raises (no route, wrong method, a request it cannot
 * read, an unexpected failure) into the Alibaba error envelope on the
 * API port, and into an RFC 7807 problem on the operator port, so that no answer of this server
 * is a framework page or a stack trace.
 */
@Singleton
@Primary
class FrameworkErrorResponses implements ErrorResponseProcessor<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(FrameworkErrorResponses.class);

    private final ErrorResponder responder;
    private final OperatorPort operatorPort;
    private final Problems problems;

    FrameworkErrorResponses(ErrorResponder responder, OperatorPort operatorPort, Problems problems) {
        this.responder = responder;
        this.operatorPort = operatorPort;
        this.problems = problems;
    }

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<Object> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        HttpRequest<?> request = context.getRequest();
        MutableHttpResponse<?> answer = operatorPort.isOperatorRequest(request)
                ? problemFor(request, context, base.status())
                : envelopeFor(request, context, base.status());
        base.getHeaders().forEach((name, values) -> {
            if (!answer.getHeaders().contains(name) && !name.equalsIgnoreCase("Content-Type")) {
                values.forEach(v -> answer.header(name, v));
            }
        });
        return (MutableHttpResponse<Object>) answer;
    }

    /** The database did not answer in time, or cannot be reached ({@link SqlErrors#isUnavailable}). */
    private static boolean isDatabaseUnavailable(Throwable cause) {
        return SqlErrors.isUnavailable(cause);
    }

    private static boolean isUnreadableBody(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof io.netty.handler.codec.http.multipart.HttpPostRequestDecoder.ErrorDataDecoderException
                    || t instanceof io.netty.handler.codec.DecoderException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The part of the request a framework refusal is about, for InvalidParameter's message; null
     * when the failure is not the client's. The decoder's own limits say which part exceeded
     * them (Netty answers all of them 400); otherwise the status does. A body that cannot be
     * decoded is the client's mistake whatever status the framework gave it; a 4xx this server
     * has no name for names the request as a whole.
     */
    @Nullable
    static String refusedPart(HttpStatus status, @Nullable Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TooLongHttpHeaderException) {
                return "Headers";
            }
            if (t instanceof TooLongHttpLineException) {
                return "QueryString"; // the request line; the path of every RPC request is "/"
            }
            if (t instanceof TooLongHttpContentException) {
                return "Body";
            }
        }
        String part = switch (status) {
            case REQUEST_ENTITY_TOO_LARGE -> "Body";
            case REQUEST_URI_TOO_LONG -> "QueryString";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "Headers";
            case UNSUPPORTED_MEDIA_TYPE -> "Content-Type";
            case NOT_ACCEPTABLE -> "Accept";
            case LENGTH_REQUIRED -> "Content-Length";
            case EXPECTATION_FAILED -> "Expect";
            default -> isUnreadableBody(cause) ? "Body" : null;
        };
        if (part != null) {
            return part;
        }
        return status.getCode() >= 400 && status.getCode() < 500 ? "Request" : null;
    }

    /**
     * Why Netty could not decode the request's line or headers: Micronaut answers that with a
     * bare 413 or 400 and keeps the reason only on the decoded request.
     */
    @Nullable
    private static Throwable headDecoderFailure(HttpRequest<?> request) {
        if (request instanceof NettyHttpRequest<?> netty) {
            DecoderResult result = netty.getNativeRequest().decoderResult();
            return result.isFailure() ? result.cause() : null;
        }
        return null;
    }

    /** On the operator port the same failures are RFC 7807 problems. */
    private MutableHttpResponse<?> problemFor(HttpRequest<?> request, ErrorContext context, HttpStatus status) {
        if (isUnreadableBody(context.getRootCause().orElse(null))) {
            return problems.of(HttpStatus.BAD_REQUEST, "the body cannot be decoded");
        }
        if (isDatabaseUnavailable(context.getRootCause().orElse(null))) {
            return problems.of(HttpStatus.SERVICE_UNAVAILABLE, "the database is unavailable; nothing was changed, try again");
        }
        if (status.getCode() >= 500) {
            LOG.error("Operator request {} {} failed unexpectedly", request.getMethod(), request.getPath(), context.getRootCause().orElse(null));
            return problems.of(status, "the server failed; nothing was changed");
        }
        String detail = context.getErrors().stream().map(e -> e.getMessage()).reduce((a, b) -> a + "; " + b)
                .orElse(status.getReason());
        return problems.of(status, detail);
    }

    /**
     * On the API port: what reaches here never went through the front door's own refusals (a
     * path other than {@code /}, a request the server could not read, an unexpected failure).
     */
    private MutableHttpResponse<?> envelopeFor(HttpRequest<?> request, ErrorContext context, HttpStatus status) {
        Throwable cause = context.getRootCause().orElse(null);
        RpcCall call = RpcCallParser.headersOnly(request);
        if (status == HttpStatus.METHOD_NOT_ALLOWED) {
            return responder.respond(call, new RpcError(ProtocolErrors.UNSUPPORTED_METHOD));
        }
        if (status == HttpStatus.NOT_FOUND) {
            return responder.respond(call, new RpcError(ProtocolErrors.INVALID_ACTION));
        }
        String refused = refusedPart(status, cause != null ? cause : headDecoderFailure(request));
        if (refused != null) {
            return responder.respond(call, RpcError.naming(ProtocolErrors.INVALID_PARAMETER, refused));
        }
        if (status == HttpStatus.SERVICE_UNAVAILABLE || isDatabaseUnavailable(cause)) {
            LOG.warn("Request {} failed: the database is unavailable or too contended ({})", call.requestId(), cause == null ? "-" : cause.toString());
            return responder.respond(call, new RpcError(ProtocolErrors.SERVICE_UNAVAILABLE));
        }
        LOG.error("Request {} failed unexpectedly", call.requestId(), cause);
        return responder.respond(call, new RpcError(ProtocolErrors.INTERNAL_ERROR));
    }
}
