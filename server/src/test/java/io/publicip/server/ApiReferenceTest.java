package io.publicip.server;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The API reference on the operator port: Swagger UI, and the contracts byte for byte as api-spec
 * holds them (not a spec regenerated from code), without a token, and not on the public port.
 */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "publicip.operator.token", value = "docs-token")
class ApiReferenceTest implements FreePort {

    @Value("${micronaut.server.port}")
    int apiPort;
    @Value("${publicip.operator.port}")
    int operatorPort;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void thePageAndTheContractsAreServed() throws Exception {
        HttpResponse<String> page = get(operatorPort, "/api-docs/index.html");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/openapi/ecs-public-ip.yaml") && page.body().contains("/openapi/ecs-release-public-ip.yaml")
                && page.body().contains("/openapi/operator.yaml"), page.body());
        assertEquals(200, get(operatorPort, "/swagger-ui/swagger-ui-bundle.js").statusCode());
        assertEquals(200, get(operatorPort, "/swagger-ui/swagger-ui.css").statusCode());
        for (String document : new String[]{"openapi/ecs-public-ip.yaml", "openapi/ecs-release-public-ip.yaml", "openapi/operator.yaml",
                "schema/inventory-document.schema.json"}) {
            HttpResponse<String> served = get(operatorPort, "/" + document);
            assertEquals(200, served.statusCode(), document);
            try (InputStream original = getClass().getClassLoader().getResourceAsStream(document)) {
                assertEquals(new String(original.readAllBytes(), StandardCharsets.UTF_8), served.body(), document + " is served as api-spec has it");
            }
        }
        assertEquals(404, get(apiPort, "/api-docs/index.html").statusCode(), "the public port serves only the RPC API");

        // cross-origin reads: allowed to the reference's own origin only, never to another page
        String allocate = "/?Action=AllocatePublicIpAddress&Format=JSON";
        String docsOrigin = "http://localhost:" + operatorPort;
        assertEquals(docsOrigin, withOrigin(apiPort, allocate, docsOrigin).headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        HttpResponse<String> elsewhere = withOrigin(apiPort, allocate, "http://evil.example:8000");
        assertTrue(elsewhere.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        assertTrue(withOrigin(operatorPort, "/v1/access-keys", "http://evil.example:8000").headers().firstValue("Access-Control-Allow-Origin").isEmpty(),
                "no other page may read the operator API");
        assertEquals(401, get(operatorPort, "/v1/vlans").statusCode(), "the operator API still wants its token");
    }

    private HttpResponse<String> withOrigin(int port, String path, String origin) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Origin", origin).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
