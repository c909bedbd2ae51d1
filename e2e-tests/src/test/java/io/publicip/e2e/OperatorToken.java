package io.publicip.e2e;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.ClientFilter;
import io.micronaut.http.annotation.RequestFilter;

/** Sends the deployment's operator token, when it has one, with every operator request. */
@ClientFilter(serviceId = "operator")
@Requires(property = "publicip.e2e.operator-token")
class OperatorToken {

    private final String token;

    OperatorToken(@Value("${publicip.e2e.operator-token}") String token) {
        this.token = token;
    }

    @RequestFilter
    void authorize(MutableHttpRequest<?> request) {
        request.bearerAuth(token);
    }
}
