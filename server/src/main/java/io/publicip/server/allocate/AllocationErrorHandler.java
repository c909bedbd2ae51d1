package io.publicip.server.allocate;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.publicip.allocation.AllocationException;
import io.publicip.server.rpc.ErrorResponder;
import jakarta.inject.Singleton;

/** A refusal of the allocation rules, answered with the catalogue row it names. */
@Produces
@Singleton
@Requires(classes = {AllocationException.class, ExceptionHandler.class})
class AllocationErrorHandler implements ExceptionHandler<AllocationException, HttpResponse<?>> {

    private final ErrorResponder responder;

    AllocationErrorHandler(ErrorResponder responder) {
        this.responder = responder;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, AllocationException refusal) {
        return responder.respond(request, refusal.error().errorKey());
    }
}
