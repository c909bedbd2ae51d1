package io.publicip.persistence.gateway;

import io.micronaut.core.annotation.Nullable;
import io.publicip.allocation.NatGateway.GatewayFailure;

import java.util.Optional;

/**
 * What the gateway asks before each binding: whether a fault an operator armed makes it wait,
 * fail, or both. The operator's application keeps the armed faults; without it, nothing fails.
 */
public interface GatewayFaultPlan {

    /** The fault this binding meets, consuming one of its firings; empty when none matches. */
    Optional<Planned> fire(long address, String instanceId);

    /** A delay before the binding, then a failure at {@code stage}, or none when it is null. */
    record Planned(@Nullable GatewayFailure.Stage stage, int latencyMs) {
    }
}
