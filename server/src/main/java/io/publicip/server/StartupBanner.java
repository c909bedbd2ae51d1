package io.publicip.server;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.publicip.server.operator.access.OperatorSettings;
import io.publicip.server.rpc.SignatureSettings;
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

    StartupBanner(@Value("${micronaut.server.port}") int apiPort, OperatorSettings operator,
                  @Value("${datasources.default.url}") String databaseUrl, ServerSettings settings,
                  SignatureSettings signatures) {
        this.apiPort = apiPort;
        this.operatorPort = operator.port();
        this.databaseUrl = databaseUrl;
        this.dataDir = settings.dataDir();
        this.signatures = signatures.enabled();
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
