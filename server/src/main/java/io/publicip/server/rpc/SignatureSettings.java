package io.publicip.server.rpc;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Request signatures ({@code publicip.signature.*}).
 *
 * @param enabled requests must be signed by an enabled access key; {@code false} accepts unsigned
 *                requests, for local experiments only
 */
@ConfigurationProperties("publicip.signature")
public record SignatureSettings(@Bindable(defaultValue = "true") boolean enabled) {
}
