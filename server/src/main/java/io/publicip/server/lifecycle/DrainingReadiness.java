package io.publicip.server.lifecycle;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;

import java.util.Map;

/** Readiness is down from the moment the server starts to shut down: send traffic elsewhere. */
@Singleton
@Readiness
class DrainingReadiness extends AbstractHealthIndicator<Map<String, Object>> {

    private final Draining draining;

    DrainingReadiness(Draining draining) {
        this.draining = draining;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        healthStatus = draining.isDraining() ? HealthStatus.DOWN : HealthStatus.UP;
        return Map.of("shuttingDown", draining.isDraining());
    }

    @Override
    protected String getName() {
        return "draining";
    }
}
