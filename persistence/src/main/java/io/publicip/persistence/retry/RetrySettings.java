package io.publicip.persistence.retry;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * How a transaction the database aborted is tried again ({@code publicip.database.retry.*}).
 *
 * @param attempts     tries in all, the first included; at SERIALIZABLE, a row every request
 *                     updates (a small pool's one block) makes every waiter fail when the holder
 *                     commits, so tries must outnumber the contenders
 * @param firstBackoff the back-off before the second try; it doubles for each further try
 */
@ConfigurationProperties("publicip.database.retry")
public record RetrySettings(
        @Bindable(defaultValue = "100") int attempts,
        @Bindable(defaultValue = "2ms") Duration firstBackoff) {
}
