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
        WireContract.check(operator, request.getMethodName(), request.getPath(), response.code(),
                response.getContentType().map(Object::toString).orElse(null), body);
    }
}
