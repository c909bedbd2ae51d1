package io.publicip.server;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * One line when the server is up: where each API listens, which database it uses (without
 * credentials) and where its data lives, so that a log shows what was started.
 */
@Singleton
class StartupBanner implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger("publicip.startup");

    private final int apiPort;
    private final int operatorPort;
    private final String databaseUrl;
    private final String dataDir;
    private final boolean signatures;

    StartupBanner(@Value("${micronaut.server.port}") int apiPort, @Value("${publicip.operator.port}") int operatorPort,
                  @Value("${datasources.default.url}") String databaseUrl, @Value("${publicip.data-dir}") String dataDir,
                  @Value("${publicip.signature.enabled:true}") boolean signatures) {
        this.apiPort = apiPort;
        this.operatorPort = operatorPort;
        this.databaseUrl = databaseUrl;
        this.dataDir = dataDir;
        this.signatures = signatures;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        LOG.info("publicip is up: public API on port {}, operator API on port {}, database {}, data directory {}, signatures {}",
                apiPort, operatorPort, withoutSecrets(databaseUrl), Path.of(dataDir).toAbsolutePath().normalize(),
                signatures ? "required" : "NOT checked");
    }

    /** A JDBC URL may carry a password as a parameter; the log never shows it. */
    static String withoutSecrets(String url) {
        return url.replaceAll("(?i)(password|pwd)=[^&;]*", "$1=***");
    }
}
