package io.publicip.server.operator.access;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

/**
 * Which requests belong to the operator API: those on its port. Its routes all start with
 * {@code /v1/}; the public RPC API is everything else, on the API port.
 */
@Singleton
public class OperatorPort {

    public static final String PATH_PREFIX = "/v1/";

    private final int port;

    public OperatorPort(@Value("${publicip.operator.port:8081}") int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    public boolean isOperatorRequest(HttpRequest<?> request) {
        return request.getServerAddress().getPort() == port;
    }

    public static boolean isOperatorPath(String path) {
        return path.startsWith(PATH_PREFIX);
    }
}
