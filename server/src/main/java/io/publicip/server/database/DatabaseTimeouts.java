package io.publicip.server.database;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;

/**
 * Bounds every wait on the database, so that one that stops answering (a network dropping its
 * packets without a reset, say) costs a request a known time and an answer of
 * ServiceUnavailable, never a hang:
 * <ul>
 *   <li>on PostgreSQL, the driver's {@code connectTimeout} and {@code loginTimeout} (opening a
 *   connection), {@code socketTimeout} (any wait for the server's answer) and the session's
 *   {@code statement_timeout} (the server cancels a statement that runs, or waits for a lock,
 *   longer);</li>
 *   <li>on H2 (in the server's process: no socket), {@code QUERY_TIMEOUT}, beside the URL's
 *   {@code LOCK_TIMEOUT}.</li>
 * </ul>
 * A setting the JDBC URL names itself is left as the URL has it. The pool's own bounds
 * ({@code datasources.default.connection-timeout}, {@code validation-timeout}) are the pool's
 * settings.
 */
@Singleton
class DatabaseTimeouts implements BeanCreatedEventListener<DatasourceConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseTimeouts.class);

    private final Duration connectTimeout;
    private final Duration socketTimeout;
    private final Duration statementTimeout;

    DatabaseTimeouts(DatabaseSettings settings) {
        this.connectTimeout = settings.connectTimeout();
        this.socketTimeout = settings.socketTimeout();
        this.statementTimeout = settings.statementTimeout();
    }

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration config = event.getBean();
        String url = config.getJdbcUrl();
        if (url == null) {
            return config;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            // driver properties: parameters in the URL take precedence over them
            config.addDataSourceProperty("connectTimeout", String.valueOf(seconds(connectTimeout)));
            config.addDataSourceProperty("loginTimeout", String.valueOf(seconds(connectTimeout)));
            config.addDataSourceProperty("socketTimeout", String.valueOf(seconds(socketTimeout)));
            if (!statementTimeout.isZero()) {
                if (!lower.contains("options=")) {
                    config.addDataSourceProperty("options", "-c statement_timeout=" + statementTimeout.toMillis());
                } else if (!lower.contains("statement_timeout")) {
                    // the URL's options win over the property: the timeout joins them (a URL
                    // that sets the isolation level, say, still gets its statements bounded)
                    config.setJdbcUrl(withStatementTimeout(url, statementTimeout.toMillis()));
                }
            }
        } else if (lower.startsWith("jdbc:h2:") && !lower.contains(";query_timeout=") && !statementTimeout.isZero()) {
            config.setJdbcUrl(url + ";QUERY_TIMEOUT=" + statementTimeout.toMillis());
        }
        LOG.debug("Database timeouts: connect {}, socket {}, statement {}", connectTimeout, socketTimeout, statementTimeout);
        return config;
    }

    /** The URL with {@code -c statement_timeout=N} added to the {@code options} parameter it has. */
    static String withStatementTimeout(String url, long millis) {
        int start = url.toLowerCase(Locale.ROOT).indexOf("options=") + "options=".length();
        int end = url.indexOf('&', start);
        if (end < 0) {
            end = url.length();
        }
        return url.substring(0, end) + "%20-c%20statement_timeout%3D" + millis + url.substring(end);
    }

    /** Whole seconds, at least 1 (0 would mean no timeout to the driver); 0s stays 0: off. */
    private static long seconds(Duration duration) {
        return duration.isZero() ? 0 : Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}
