package io.publicip.server.operator.state;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The demo inventory ({@code publicip.demo-inventory.*}).
 *
 * @param enabled load it into an empty database at start-up (unless a seed file is given)
 */
@ConfigurationProperties("publicip.demo-inventory")
public record DemoInventorySettings(@Bindable(defaultValue = "true") boolean enabled) {
}
