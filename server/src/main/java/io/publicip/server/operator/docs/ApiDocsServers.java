package io.publicip.server.operator.docs;

import io.publicip.server.operator.access.OperatorSettings;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.util.Map;

/**
 * Where the API reference's "Try it out" should send requests: the contracts name the default
 * ports (8080, 8081), and the page rewrites them to this server's own, on the host the browser
 * used to reach it.
 */
@Controller("/api-docs")
class ApiDocsServers {

    private final int apiPort;
    private final int operatorPort;

    ApiDocsServers(@Value("${micronaut.server.port}") int apiPort, OperatorSettings operator) {
        this.apiPort = apiPort;
        this.operatorPort = operator.port();
    }

    @Get("/servers")
    Map<String, String> servers(HttpRequest<?> request) {
        String host = request.getHeaders().get(HttpHeaders.HOST, String.class).orElse("localhost");
        // strip the port; keep an IPv6 literal's brackets
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        return Map.of("publicApi", "http://" + name + ":" + apiPort, "operatorApi", "http://" + name + ":" + operatorPort);
    }
}
