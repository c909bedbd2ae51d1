package io.publicip.server.lifecycle;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.annotation.ServerFilter;
import io.publicip.server.FilterOrder;
import io.publicip.server.operator.access.OperatorPaths;
import io.publicip.server.operator.access.OperatorPort;
import io.publicip.server.operator.access.Problems;
import io.publicip.server.rpc.ErrorResponder;
import io.publicip.server.rpc.ProtocolErrors;

/** While the server drains, a new request (but a health probe) gets ServiceUnavailable (the envelope, or a problem on the operator port) and the connection is closed. */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(FilterOrder.DRAINING)
class DrainingFilter {

    private final Draining draining;
    private final OperatorPort operatorPort;
    private final ErrorResponder responder;
    private final Problems problems;

    DrainingFilter(Draining draining, OperatorPort operatorPort, ErrorResponder responder, Problems problems) {
        this.draining = draining;
        this.operatorPort = operatorPort;
        this.responder = responder;
        this.problems = problems;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> refuseWhileDraining(HttpRequest<?> request) {
        if (!draining.isDraining() || OperatorPaths.isHealthPath(request.getPath())) {
            return null; // health answers for itself: readiness down (DrainingReadiness), liveness up
        }
        HttpResponse<?> refused = operatorPort.isOperatorRequest(request)
                ? problems.of(HttpStatus.SERVICE_UNAVAILABLE, "the server is shutting down").header(HttpHeaders.CONNECTION, "close")
                : responder.respond(request, ProtocolErrors.SERVICE_UNAVAILABLE).header(HttpHeaders.CONNECTION, "close");
        return refused;
    }
}
