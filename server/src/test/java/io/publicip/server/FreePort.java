package io.publicip.server;

import io.micronaut.test.support.TestPropertyProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/** Runs the server's two ports on free ports and points the generated clients at them. */
public interface FreePort extends TestPropertyProvider {

    @Override
    default Map<String, String> getProperties() {
        try (ServerSocket api = new ServerSocket(0); ServerSocket operator = new ServerSocket(0)) {
            return Map.of("micronaut.server.port", String.valueOf(api.getLocalPort()),
                    "micronaut.http.services.publicip.url", "http://localhost:" + api.getLocalPort(),
                    "publicip.operator.port", String.valueOf(operator.getLocalPort()),
                    "micronaut.http.services.operator.url", "http://localhost:" + operator.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
