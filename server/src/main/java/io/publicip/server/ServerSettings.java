package io.publicip.server;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The server's settings directly under {@code publicip.*}, outside any group.
 *
 * @param dataDir  where the embedded H2 database lives; the default ({@code ./data}) is in
 *                 application.yml, whose {@code datasources.default.url} reads it too
 * @param hostId   the {@code HostId} of every error envelope
 * @param seedFile an inventory document (JSON or YAML) loaded into an empty database at start-up
 */
@ConfigurationProperties("publicip")
public record ServerSettings(
        String dataDir,
        @Bindable(defaultValue = "ecs.aliyuncs.com") String hostId,
        @Nullable String seedFile) {
}
