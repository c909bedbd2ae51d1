package io.publicip.server;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.*;

/** The two ports stay apart, and a configured token guards the operator API. */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "publicip.operator.token", value = "s3cret-token")
class OperatorAccessTest implements FreePort {

    @Value("${micronaut.server.port}")
    int apiPort;
    @Value("${publicip.operator.port}")
    int operatorPort;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(String host, int port, String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theTokenIsRequiredWhenConfigured() throws Exception {
        HttpResponse<String> none = get("localhost", operatorPort, "/v1/vlans", null);
        assertEquals(401, none.statusCode());
        assertEquals("application/problem+json", none.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(401, get("localhost", operatorPort, "/v1/vlans", "Bearer wrong").statusCode());
        assertEquals(401, get("localhost", operatorPort, "/v1/vlans", "s3cret-token").statusCode());
        assertEquals(200, get("localhost", operatorPort, "/v1/vlans", "Bearer s3cret-token").statusCode());
    }

    @Test
    void eachApiAnswersOnlyOnItsOwnPort() throws Exception {
        HttpResponse<String> operatorOnApiPort = get("localhost", apiPort, "/v1/vlans", "Bearer s3cret-token");
        assertEquals(404, operatorOnApiPort.statusCode());
        assertTrue(operatorOnApiPort.body().contains("<Code>InvalidAction.NotFound</Code>"), operatorOnApiPort.body());

        HttpResponse<String> rpcOnOperatorPort = get("localhost", operatorPort,
                "/?Action=AllocatePublicIpAddress&InstanceId=i-demo-running-01&Format=JSON", "Bearer s3cret-token");
        assertEquals(404, rpcOnOperatorPort.statusCode());
        assertEquals("application/problem+json", rpcOnOperatorPort.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void unknownOperatorRoutesAreProblems() throws Exception {
        HttpResponse<String> missing = get("localhost", operatorPort, "/v1/nothing", "Bearer s3cret-token");
        assertEquals(404, missing.statusCode());
        assertEquals("application/problem+json", missing.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(missing.body().contains("\"status\":404"), missing.body());
    }
}
