package io.publicip.server.lifecycle;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * What SIGTERM does first ({@code publicip.shutdown.*}); the grace period that follows is
 * Micronaut's, {@code publicip.shutdown.grace-period} in application.yml.
 *
 * @param noticePeriod how long the ports stay open answering ServiceUnavailable (readiness down)
 *                     before the graceful shutdown; {@code 0s} goes straight to it
 */
@ConfigurationProperties("publicip.shutdown")
public record ShutdownSettings(@Bindable(defaultValue = "2s") Duration noticePeriod) {
}
