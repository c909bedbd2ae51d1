package io.publicip.e2e;

import io.micronaut.context.ApplicationContext;
import io.publicip.launcher.PackagedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The server under test, reached only over HTTP. Given {@code publicip.e2e.api-url} (one URL, or
 * several replicas' separated by commas: the races spread over them, the rest uses the first) and
 * {@code publicip.e2e.operator-url} (system properties, or PUBLICIP_E2E_API_URL and
 * PUBLICIP_E2E_OPERATOR_URL; PUBLICIP_E2E_OPERATOR_TOKEN when it wants one), it is that
 * deployment. Otherwise it is the packaged server, started as a process of its own on free ports
 * with a fresh data directory, and stopped when the tests end.
 */
public final class Deployment {

    private static Deployment shared;

    private final String apiUrl;
    private final java.util.List<String> apiUrls;
    private final String operatorUrl;
    private final String operatorToken;
    private final PackagedServer server;
    private final String accessKeyId;
    private final String accessKeySecret;
    private final ApplicationContext clients;
    private final ApplicationContext clientsV1;
    private final Path log;

    private Deployment(String apiUrls, String operatorUrl, String operatorToken, PackagedServer server, Path log) {
        this.log = log;
        this.apiUrls = java.util.Arrays.stream(apiUrls.split(",")).map(String::trim).map(Deployment::strip).toList();
        this.apiUrl = this.apiUrls.get(0);
        this.operatorUrl = operatorUrl;
        this.operatorToken = operatorToken;
        this.server = server;
        // a key of the suite's own, created through the operator API; the clients sign with it
        String[] key = createAccessKey(operatorUrl, operatorToken);
        this.accessKeyId = key[0];
        this.accessKeySecret = key[1];
        Map<String, Object> config = new HashMap<>();
        config.put("publicip.client.access-key-id", accessKeyId);
        config.put("publicip.client.access-key-secret", accessKeySecret);
        config.put("micronaut.http.services.publicip.url", this.apiUrl);
        config.put("micronaut.http.services.publicip.read-timeout", "60s");
        config.put("micronaut.http.services.operator.url", operatorUrl);
        config.put("micronaut.http.services.operator.read-timeout", "60s");
        config.put("openapi-micronaut-client-base-path", "");
        if (operatorToken != null) {
            config.put("publicip.e2e.operator-token", operatorToken);
        }
        this.clients = ApplicationContext.builder().properties(config).start();
        // the same clients signing with Signature V1 instead of ACS3, the Micronaut client's default
        config.put("publicip.client.signature", "v1");
        this.clientsV1 = ApplicationContext.builder().properties(config).start();
    }

    /** The deployment all tests share. */
    public static synchronized Deployment get() {
        if (shared == null) {
            String api = setting("publicip.e2e.api-url", "PUBLICIP_E2E_API_URL");
            String operator = setting("publicip.e2e.operator-url", "PUBLICIP_E2E_OPERATOR_URL");
            String token = setting("publicip.e2e.operator-token", "PUBLICIP_E2E_OPERATOR_TOKEN");
            shared = api != null && operator != null ? new Deployment(api, strip(operator), token, null, null) : startPackaged("shared", Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    /** Whether the server is the packaged one this suite started (not a deployment given by URL). */
    public static boolean targetsPackagedServer() {
        return setting("publicip.e2e.api-url", "PUBLICIP_E2E_API_URL") == null;
    }

    /**
     * Starts the packaged server with extra environment (a seed file, say). The process inherits
     * this one's environment, so DATASOURCES_DEFAULT_* point it at PostgreSQL when they are set.
     */
    public static Deployment startPackaged(String name, Map<String, String> environment) {
        try {
            Path work = Files.createDirectories(Path.of(System.getProperty("publicip.e2e.work-dir", "target/e2e")));
            return startPackaged(name, environment, Files.createTempDirectory(work, name + "-data-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the packaged server on a data directory of the caller's (one a killed server left, say). */
    public static Deployment startPackaged(String name, Map<String, String> environment, Path data) {
        Path jar = Path.of(System.getProperty("publicip.e2e.server-jar", "../server/target/publicip-server.jar"));
        try {
            Path work = Files.createDirectories(Path.of(System.getProperty("publicip.e2e.work-dir", "target/e2e")));
            Map<String, String> variables = new HashMap<>();
            // stopping a test's server needs no notice period (GracefulShutdownTest asks for one)
            variables.put("PUBLICIP_SHUTDOWN_NOTICE_PERIOD", "0s");
            variables.putAll(environment);
            PackagedServer server = PackagedServer.start(new PackagedServer.Options(jar, data, work.resolve(name + "-server.log"))
                    .withEnvironment(variables));
            try {
                return new Deployment(server.apiUrl(), server.operatorUrl(), environment.get("PUBLICIP_OPERATOR_TOKEN"), server, server.log());
            } catch (RuntimeException e) {
                server.kill(); // nobody else holds it: it would outlive the suite
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The public API (of the first replica, when there are several). */
    public String apiUrl() {
        return apiUrl;
    }

    /** The public API of every replica. */
    public java.util.List<String> apiUrls() {
        return apiUrls;
    }

    public String operatorUrl() {
        return operatorUrl;
    }

    /** The bearer token the operator API wants, or null. */
    public String operatorToken() {
        return operatorToken;
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String accessKeySecret() {
        return accessKeySecret;
    }

    /** A generated client; the public API's sign with ACS3-HMAC-SHA256. */
    public <T> T client(Class<T> type) {
        return clients.getBean(type);
    }

    /** A generated client of the public API signing with Signature V1. */
    public <T> T clientV1(Class<T> type) {
        return clientsV1.getBean(type);
    }

    public void stop() {
        if (clients.isRunning()) {
            clients.close();
            clientsV1.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Asks the server to stop with SIGTERM, as an orchestrator does, and returns its exit without waiting for it. */
    public java.util.concurrent.CompletableFuture<Process> terminate() {
        if (server == null) {
            throw new IllegalStateException("only the packaged server this suite started can be stopped");
        }
        return server.terminate();
    }

    /** The server's log (of a packaged server). */
    public Path log() {
        return log;
    }

    /**
     * Kills the server with SIGKILL, as a power cut or the OOM killer would: no shutdown hook, no
     * connection closed cleanly. Returns the exit status (137 on Linux).
     */
    public int kill() throws InterruptedException {
        if (server == null) {
            throw new IllegalStateException("only the packaged server this suite started can be killed");
        }
        int status = server.kill();
        clients.close();
        clientsV1.close();
        return status;
    }

    private static String[] createAccessKey(String operatorUrl, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(operatorUrl + "/v1/access-keys"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> created = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("cannot create an access key: " + created.statusCode() + " " + created.body());
            }
            return new String[]{field(created.body(), "accessKeyId"), field(created.body(), "secret")};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String field(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    private static String setting(String property, String variable) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? null : value;
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
