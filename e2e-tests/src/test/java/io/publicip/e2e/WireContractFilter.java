package io.publicip.e2e;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.ClientFilter;
import io.micronaut.http.annotation.ResponseFilter;

/** Hands every response the generated clients receive to {@link WireContract}. */
@ClientFilter(serviceId = {"publicip", "operator"})
class WireContractFilter {

    @ResponseFilter
    void check(HttpRequest<?> request, HttpResponse<?> response) {
        boolean operator = request.getPath().startsWith("/v1/");
        String body = response.getBody(String.class).orElse(null);
        String contentType = response.getHeaders().get("Content-Type");
        if (operator) {
            WireContract.check(true, request.getMethodName(), request.getPath(), response.code(), contentType, body);
        } else {
            // ACS3 names the action in a header, V1 in a parameter
            String action = request.getHeaders().get("x-acs-action");
            WireContract.checkRpc(action != null ? action : request.getParameters().get("Action"), request.getMethodName(),
                    request.getPath(), response.code(), contentType, body);
        }
    }
}
