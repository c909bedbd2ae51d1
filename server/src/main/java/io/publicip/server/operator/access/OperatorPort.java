package io.publicip.server.operator.access;

import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

/**
 * Which requests came in on the operator API's port; {@link OperatorPaths} says which paths
 * belong there. The public RPC API is everything else, on the API port.
 */
@Singleton
public class OperatorPort {

    private final int port;

    public OperatorPort(OperatorSettings settings) {
        this.port = settings.port();
    }

    public int port() {
        return port;
    }

    public boolean isOperatorRequest(HttpRequest<?> request) {
        return request.getServerAddress().getPort() == port;
    }
}
