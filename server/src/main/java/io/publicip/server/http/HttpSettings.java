package io.publicip.server.http;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * The HTTP settings the server applies itself ({@code publicip.http.*}); the idle timeout,
 * which Micronaut applies, is {@code publicip.http.idle-timeout} in application.yml.
 *
 * @param requestHeaderTimeout from a request's first byte to its last header line; past it, 408
 *                             and the connection closed; {@code 0s}: off
 */
@ConfigurationProperties("publicip.http")
public record HttpSettings(@Bindable(defaultValue = "10s") Duration requestHeaderTimeout) {
}
