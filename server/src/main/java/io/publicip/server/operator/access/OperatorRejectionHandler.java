package io.publicip.server.operator.access;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.publicip.administration.OperatorRejection;
import jakarta.inject.Singleton;

@Produces
@Singleton
@Requires(classes = {OperatorRejection.class, ExceptionHandler.class})
class OperatorRejectionHandler implements ExceptionHandler<OperatorRejection, HttpResponse<?>> {

    private final Problems problems;

    OperatorRejectionHandler(Problems problems) {
        this.problems = problems;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, OperatorRejection rejection) {
        HttpStatus status = switch (rejection.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
        return problems.of(status, rejection.getMessage());
    }
}
