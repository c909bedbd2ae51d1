package io.publicip.server;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.publicip.client.api.EcsApi;
import io.publicip.client.model.AllocatePublicIpAddressResponse;
import io.publicip.client.model.ErrorResponse;
import io.publicip.administration.inventory.Inventory;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The server over real HTTP: through the client generated from the contract, and with raw
 * requests for the protocol details a generated client never sends.
 */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AllocatePublicIpAddressHttpTest implements FreePort {

    static final String ACTION = "AllocatePublicIpAddress";
    static final String UUID_UPPER = "[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}";

    @Inject
    EcsApi ecs;
    @io.micronaut.context.annotation.Value("${micronaut.server.port}")
    int apiPort;
    @Inject
    Inventory inventory;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void demoWorld() {
        inventory.resetToDemo();
    }

    HttpResponse<AllocatePublicIpAddressResponse> allocate(String instanceId, String format) {
        return ecs.allocatePublicIpAddress(ACTION, instanceId, null, null, null, format,
                "2014-05-26", null, null, null, null, null, null);
    }

    @Test
    void successThenAllocatedAlready() {
        HttpResponse<AllocatePublicIpAddressResponse> ok = allocate("i-demo-running-01", "JSON");
        assertEquals(200, ok.code());
        AllocatePublicIpAddressResponse body = ok.body();
        assertTrue(body.getRequestId().matches(UUID_UPPER), body.getRequestId());
        assertTrue(body.getIpAddress().startsWith("112.124."), body.getIpAddress());
        assertEquals(body.getRequestId(), ok.header("x-acs-request-id"));

        HttpClientResponseException again = assertThrows(HttpClientResponseException.class, () -> allocate("i-demo-running-01", "JSON"));
        assertEquals(HttpStatus.FORBIDDEN, again.getStatus());
        ErrorResponse error = again.getResponse().getBody(ErrorResponse.class).orElseThrow();
        assertEquals("AllocatedAlready", error.getCode());
        assertEquals("There is an IpAddress allocated already for the specified instance.", error.getMessage());
        assertEquals("ecs.aliyuncs.com", error.getHostId());
        assertTrue(error.getRequestId().matches(UUID_UPPER));
        assertTrue(error.getRecommend().contains("q=AllocatedAlready"), error.getRecommend());
    }

    @Test
    void unknownInstanceIsA404() {
        // the declarative client does not throw on 404: it hands the response back
        HttpResponse<AllocatePublicIpAddressResponse> notFound = allocate("i-does-not-exist", "JSON");
        assertEquals(404, notFound.code());
        assertTrue(notFound.getContentType().orElseThrow().toString().startsWith("application/json"));
    }

    @Test
    void xmlThroughTheGeneratedClient() {
        HttpResponse<AllocatePublicIpAddressResponse> ok = allocate("i-demo-stopped", "XML");
        assertEquals("text/xml;charset=utf-8", ok.getContentType().orElseThrow().toString());
        assertTrue(ok.body().getIpAddress().startsWith("112.124."));
        assertTrue(ok.body().getRequestId().matches(UUID_UPPER));
    }

    @Test
    void formatIsMatchedWithoutCaseAndXmlByDefault() throws Exception {
        var lower = get("?Action=AllocatePublicIpAddress&InstanceId=i-demo-running-02&Format=json");
        assertEquals(200, lower.statusCode());
        assertEquals("application/json;charset=utf-8", lower.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(lower.body().startsWith("{\"RequestId\":\""), lower.body());

        var none = get("?Action=AllocatePublicIpAddress&InstanceId=i-demo-running-02");
        assertEquals(403, none.statusCode());
        assertEquals("text/xml;charset=utf-8", none.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(none.body().startsWith("<?xml"), none.body());
        assertTrue(none.body().contains("<Error><RequestId>"), none.body());
        assertTrue(none.body().contains("<Code>AllocatedAlready</Code>"), none.body());
    }

    @Test
    void xmlSuccessHasTheActionResponseRoot() throws Exception {
        var ok = get("?Action=AllocatePublicIpAddress&InstanceId=i-demo-running-03&Format=XML");
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().matches("(?s)<\\?xml[^>]*\\?><AllocatePublicIpAddressResponse><RequestId>" + UUID_UPPER
                + "</RequestId><IpAddress>112\\.124\\.[0-9.]+</IpAddress></AllocatePublicIpAddressResponse>"), ok.body());
    }

    @Test
    void formPostAndQueryOnlyPostBothWork() throws Exception {
        // pop-core: every parameter in the form body
        var form = post("", "Action=AllocatePublicIpAddress&InstanceId=i-demo-running-04&Format=JSON");
        assertEquals(200, form.statusCode(), form.body());
        // the Java SDK: every parameter in the query, an empty form body
        var query = post("?Action=AllocatePublicIpAddress&InstanceId=i-demo-running-05&Format=JSON", "");
        assertEquals(200, query.statusCode(), query.body());
        // both: the query wins
        var clash = post("?InstanceId=i-does-not-exist&Format=JSON", "Action=AllocatePublicIpAddress&InstanceId=i-demo-vpc");
        assertEquals(404, clash.statusCode(), clash.body());
        assertTrue(clash.body().contains("InvalidInstanceId.NotFound"));
    }

    @Test
    void missingInstanceIdAndUnknownActionInTheEnvelope() throws Exception {
        var missing = get("?Action=AllocatePublicIpAddress&Format=JSON");
        assertEquals(400, missing.statusCode());
        assertTrue(missing.body().contains("\"Code\":\"MissingParameter\""), missing.body());
        assertTrue(missing.body().contains("The input parameter \\\"InstanceId\\\" that is mandatory"), missing.body());

        var emptyId = get("?Action=AllocatePublicIpAddress&InstanceId=&Format=JSON");
        assertEquals(400, emptyId.statusCode());
        assertTrue(emptyId.body().contains("MissingParameter"), emptyId.body());

        var unknown = get("?Action=DescribeRegions&InstanceId=i-demo-vpc&Format=JSON");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("\"Code\":\"InvalidAction.NotFound\""), unknown.body());

        var noAction = get("?Format=JSON");
        assertEquals(404, noAction.statusCode());
        assertTrue(noAction.body().contains("InvalidAction.NotFound"), noAction.body());
    }

    @Test
    void frameworkErrorsUseTheEnvelopeToo() throws Exception {
        var otherPath = get("nothing-here?Format=JSON");
        assertEquals(404, otherPath.statusCode());
        assertTrue(otherPath.body().contains("\"Code\":\"InvalidAction.NotFound\""), otherPath.body());

        var put = http.send(HttpRequest.newBuilder(uri("?Format=JSON")).PUT(BodyPublishers.noBody()).build(), BodyHandlers.ofString());
        assertEquals(403, put.statusCode());
        assertTrue(put.body().contains("\"Code\":\"UnsupportedHTTPMethod\""), put.body());
        assertEquals("application/json;charset=utf-8", put.headers().firstValue("Content-Type").orElseThrow());

        // a JSON body for a known action: the body is what cannot be read
        var json = http.send(HttpRequest.newBuilder(uri("?Format=JSON&Action=AllocatePublicIpAddress")).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{}")).build(), BodyHandlers.ofString());
        assertEquals(400, json.statusCode());
        assertTrue(json.body().contains("\"Code\":\"InvalidParameter\""), json.body());
        assertFalse(json.body().contains("Exception"), json.body());
    }

    @Test
    void frameworkRefusalsNameThePartThatWasTooLarge() throws Exception {
        var headers = http.send(HttpRequest.newBuilder(uri("?Format=JSON")).header("X-Padding", "x".repeat(20_000)).GET().build(),
                BodyHandlers.ofString());
        assertEquals(400, headers.statusCode(), headers.body());
        assertTrue(headers.body().contains("\"Code\":\"InvalidParameter\""), headers.body());
        assertTrue(headers.body().contains("The specified parameter \\\"Headers\\\" is not valid."), headers.body());

        // a request line too long to decode: nothing of the request is read, so the answer is in XML
        var query = get("?Format=JSON&InstanceId=" + "i".repeat(20_000));
        assertEquals(400, query.statusCode(), query.body());
        assertTrue(query.body().contains("<Message>The specified parameter \"QueryString\" is not valid.</Message>"), query.body());
    }

    private java.net.http.HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build(), BodyHandlers.ofString());
    }

    private java.net.http.HttpResponse<String> post(String query, String form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(query)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(form)).build(), BodyHandlers.ofString());
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + apiPort + "/" + pathAndQuery);
    }
}
