package io.publicip.server.operator.access;

import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

/**
 * Which requests belong to the operator API: those on its port. Its routes all start with
 * {@code /v1/}, beside the health endpoints; the public RPC API is everything else, on the API port.
 */
@Singleton
public class OperatorPort {

    public static final String PATH_PREFIX = "/v1/";
    public static final String HEALTH = "/health";
    /** Prometheus scrapes here; like the operator API, it wants the token when one is set. */
    public static final String METRICS = "/prometheus";

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

    /**
     * The API reference (Swagger UI and the contracts it shows) and the dashboard page: public
     * documents, no data (the dashboard reads the operator API, which wants the token).
     */
    private static final java.util.List<String> DOCUMENTS = java.util.List.of("/api-docs", "/swagger-ui/", "/openapi/", "/schema/", "/dashboard/");

    /** The operator API's routes, the health endpoints, the metrics and the API reference, which are served on the operator port. */
    public static boolean isOperatorPath(String path) {
        return path.startsWith(PATH_PREFIX) || isHealthPath(path) || path.equals(METRICS) || isDocumentPath(path);
    }

    /** The API reference and the dashboard page answer without a token, like health: it shows no data. */
    public static boolean isDocumentPath(String path) {
        return DOCUMENTS.stream().anyMatch(path::startsWith);
    }

    /** Health probes answer without a token, from anywhere: they show no data. */
    public static boolean isHealthPath(String path) {
        return path.equals(HEALTH) || path.startsWith(HEALTH + "/");
    }
}
