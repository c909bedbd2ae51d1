package io.publicip.server.operator.access;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * The operator API's settings ({@code publicip.operator.*}).
 *
 * @param port  its HTTP port; the default (8081) is in application.yml, whose Netty listener reads it too
 * @param token when set, the operator API requires {@code Authorization: Bearer <token>}; unset
 *              or blank, it serves loopback clients only
 */
@ConfigurationProperties("publicip.operator")
public record OperatorSettings(int port, @Nullable String token) {
}
