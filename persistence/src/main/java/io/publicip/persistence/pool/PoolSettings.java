package io.publicip.persistence.pool;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * The address pool's settings ({@code publicip.pool.*}).
 *
 * @param startPointsTtl how long a region's (or VLAN's) address ranges are remembered, from which
 *                       an allocation draws its random starting point; {@code 0s} reads them each time
 */
@ConfigurationProperties("publicip.pool")
public record PoolSettings(@Bindable(defaultValue = "5s") Duration startPointsTtl) {
}
