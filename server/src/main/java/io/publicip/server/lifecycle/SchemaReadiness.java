package io.publicip.server.lifecycle;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.publicip.server.database.DatabaseSettings;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Readiness is down while the database's schema lacks a migration this server was built with:
 * when migrations run elsewhere (flyway.datasources.default.enabled=false, a job of its own) or
 * a database was restored from before them. A server that reads tables it expects but the
 * database lacks would answer InternalError; not ready, it gets no traffic instead.
 */
@Singleton
@Readiness
class SchemaReadiness extends AbstractHealthIndicator<Map<String, Object>> {

    private final Flyway flyway;
    private final BoundedProbe<MigrationInfoService> probe;

    SchemaReadiness(DataSource dataSource, DatabaseSettings settings) {
        Duration timeout = settings.healthTimeout();
        // Flyway reads the history with connections of its own, outside any transaction
        this.flyway = Flyway.configure(getClass().getClassLoader())
                .dataSource(DelegatingDataSource.unwrapDataSource(dataSource))
                .locations("classpath:db/migration")
                .load();
        // read within the same bound as the database's own check (DatabaseReadiness)
        this.probe = new BoundedProbe<>("schema", timeout, flyway::info);
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        MigrationInfoService info;
        try {
            info = probe.get();
        } catch (Exception e) {
            healthStatus = HealthStatus.DOWN;
            return Map.of("error", String.valueOf(e.getMessage()));
        }
        MigrationInfo[] pending = info.pending();
        MigrationInfo current = info.current();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", current == null ? "none" : current.getVersion().getVersion());
        if (pending.length > 0) {
            details.put("pending", Arrays.stream(pending).map(m -> m.getVersion().getVersion() + " " + m.getDescription()).toList());
        }
        healthStatus = pending.length == 0 ? HealthStatus.UP : HealthStatus.DOWN;
        return details;
    }

    @Override
    protected String getName() {
        return "schema";
    }
}
