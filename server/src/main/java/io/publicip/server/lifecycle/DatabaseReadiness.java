package io.publicip.server.lifecycle;

import io.micronaut.context.annotation.Replaces;
import io.publicip.server.database.DatabaseSettings;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.management.health.indicator.jdbc.JdbcIndicator;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Readiness is down while the database gives no valid connection, and it says so within
 * {@code publicip.database.health-timeout}: a database that does not answer at all (packets
 * dropped, no reset) makes the probe DOWN in that time instead of holding it for the pool's
 * connection timeout. In place of Micronaut's own JDBC indicator, under the same name.
 */
@Singleton
@Readiness
@Replaces(JdbcIndicator.class)
class DatabaseReadiness extends AbstractHealthIndicator<Map<String, Object>> {

    private final BoundedProbe<Map<String, Object>> probe;

    DatabaseReadiness(DataSource dataSource, DatabaseSettings settings) {
        Duration timeout = settings.healthTimeout();
        DataSource pool = DelegatingDataSource.unwrapDataSource(dataSource);
        int validSeconds = (int) Math.max(1, timeout.toSeconds());
        this.probe = new BoundedProbe<>("database", timeout, () -> {
            try (Connection connection = pool.getConnection()) {
                if (!connection.isValid(validSeconds)) {
                    throw new SQLException("the connection is not valid");
                }
                DatabaseMetaData meta = connection.getMetaData();
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("database", meta.getDatabaseProductName());
                details.put("version", meta.getDatabaseProductVersion());
                return details;
            }
        });
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        try {
            Map<String, Object> details = probe.get();
            healthStatus = HealthStatus.UP;
            return details;
        } catch (Exception e) {
            healthStatus = HealthStatus.DOWN;
            return Map.of("error", String.valueOf(e.getMessage()));
        }
    }

    @Override
    protected String getName() {
        return "jdbc";
    }
}
