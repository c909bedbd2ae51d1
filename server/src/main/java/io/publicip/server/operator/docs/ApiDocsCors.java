package io.publicip.server.operator.docs;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.annotation.ServerFilter;
import io.publicip.server.FilterOrder;
import io.publicip.server.operator.access.OperatorPort;
import io.publicip.server.rpc.RpcHeaders;

import java.net.URI;

/**
 * Lets the API reference, a page of the operator port, read the public API's answers to its
 * "Try it out" requests (a cross-origin read: another port is another origin). Only that origin:
 * a page from anywhere else gets the same answers without the header, so the browser keeps them
 * from it (Micronaut itself refuses, with a bare 403, a page of another host calling a server on
 * localhost), and the operator API is never readable cross-origin. The reference only sends
 * simple requests (GET, form POST), so no preflight is needed.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(FilterOrder.API_DOCS_CORS)
class ApiDocsCors {

    private final OperatorPort operatorPort;

    ApiDocsCors(OperatorPort operatorPort) {
        this.operatorPort = operatorPort;
    }

    @ResponseFilter
    void allowTheReference(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        if (origin == null || operatorPort.isOperatorRequest(request) || !isTheReference(origin)) {
            return;
        }
        response.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        response.header(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, RpcHeaders.REQUEST_ID);
        response.header(HttpHeaders.VARY, HttpHeaders.ORIGIN);
    }

    private boolean isTheReference(String origin) {
        try {
            URI uri = URI.create(origin);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getPort() == operatorPort.port()
                    && (uri.getPath() == null || uri.getPath().isEmpty());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
