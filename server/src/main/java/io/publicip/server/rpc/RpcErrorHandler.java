package io.publicip.server.rpc;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

@Produces
@Singleton
@Requires(classes = {RpcError.class, ExceptionHandler.class})
class RpcErrorHandler implements ExceptionHandler<RpcError, HttpResponse<?>> {

    private final ErrorResponder responder;

    RpcErrorHandler(ErrorResponder responder) {
        this.responder = responder;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, RpcError error) {
        return responder.respond(request, error.errorKey(), error.messageOverride());
    }
}
