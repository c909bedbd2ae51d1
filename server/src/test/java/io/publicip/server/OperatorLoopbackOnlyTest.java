package io.publicip.server;

import io.micronaut.context.annotation.Value;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Without a token, the operator API serves loopback clients only. */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorLoopbackOnlyTest implements FreePort {

    @Value("${publicip.operator.port}")
    int operatorPort;

    @Test
    void loopbackIsServedAndOtherAddressesAreNot() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operatorPort + "/v1/vlans")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());

        // the same server reached through one of this machine's other addresses is not loopback
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> { try { return i.isUp() && !i.isLoopback(); } catch (Exception e) { return false; } })
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .findFirst();
        Assumptions.assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(
                URI.create("http://" + external.get().getHostAddress() + ":" + operatorPort + "/v1/vlans")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode(), refused.body());
    }
}
