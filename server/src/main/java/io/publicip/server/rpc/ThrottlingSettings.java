package io.publicip.server.rpc;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Request throttling ({@code publicip.throttling.*}).
 *
 * @param requestsPerSecond per access key, in this replica; above it, Throttling; 0: off
 */
@ConfigurationProperties("publicip.throttling")
public record ThrottlingSettings(@Bindable(defaultValue = "0") double requestsPerSecond) {
}
