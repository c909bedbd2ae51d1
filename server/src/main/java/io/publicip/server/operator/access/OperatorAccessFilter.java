package io.publicip.server.operator.access;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.annotation.ServerFilter;
import io.publicip.server.FilterOrder;
import io.publicip.server.rpc.ErrorResponder;
import io.publicip.server.rpc.ProtocolErrors;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Keeps the two APIs apart and guards the operator's: operator routes answer only on the
 * operator port, public routes only on the API port; on the operator port a configured bearer
 * token is required, and without one only loopback clients are served.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(FilterOrder.OPERATOR_ACCESS)
class OperatorAccessFilter {

    private final OperatorPort operatorPort;
    private final Problems problems;
    private final ErrorResponder rpcErrors;
    private final byte[] token;

    OperatorAccessFilter(OperatorPort operatorPort, Problems problems, ErrorResponder rpcErrors,
                         OperatorSettings settings) {
        this.operatorPort = operatorPort;
        this.problems = problems;
        this.rpcErrors = rpcErrors;
        String token = settings.token();
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> guard(HttpRequest<?> request) {
        boolean onOperatorPort = operatorPort.isOperatorRequest(request);
        boolean operatorPath = OperatorPaths.isOperatorPath(request.getPath());
        if (!onOperatorPort) {
            return operatorPath ? rpcErrors.respond(request, ProtocolErrors.INVALID_ACTION) : null;
        }
        if (!operatorPath) {
            return problems.of(HttpStatus.NOT_FOUND, "the operator API has no " + request.getPath() + "; its routes start with /v1/");
        }
        if (OperatorPaths.isHealthPath(request.getPath()) || OperatorPaths.isDocumentPath(request.getPath())) {
            return null;
        }
        if (token != null) {
            String presented = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
            if (presented == null || !presented.startsWith("Bearer ")
                    || !MessageDigest.isEqual(token, presented.substring(7).getBytes(StandardCharsets.UTF_8))) {
                return problems.of(HttpStatus.UNAUTHORIZED, "a valid bearer token is required")
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            }
        } else if (!request.getRemoteAddress().getAddress().isLoopbackAddress()) {
            return problems.of(HttpStatus.FORBIDDEN, "no operator token is configured, so only loopback clients are served");
        }
        return null;
    }
}
