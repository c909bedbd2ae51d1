package io.publicip.server.operator.access;

import java.util.List;

/**
 * The paths served on the operator port: the operator API's routes (all under {@code /v1/}),
 * the health endpoints, the metrics, and the API reference and dashboard documents.
 */
public final class OperatorPaths {

    public static final String PATH_PREFIX = "/v1/";
    public static final String HEALTH = "/health";
    /** Prometheus scrapes here; like the operator API, it wants the token when one is set. */
    public static final String METRICS = "/prometheus";

    private OperatorPaths() {
    }

    /**
     * The API reference (Swagger UI and the contracts it shows) and the dashboard page: public
     * documents, no data (the dashboard reads the operator API, which wants the token).
     */
    private static final List<String> DOCUMENTS = List.of("/api-docs", "/swagger-ui/", "/openapi/", "/schema/", "/dashboard/");

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
