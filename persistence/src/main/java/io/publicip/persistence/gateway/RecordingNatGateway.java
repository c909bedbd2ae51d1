package io.publicip.persistence.gateway;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import io.publicip.allocation.Ipv4Address;
import io.publicip.allocation.NatGateway;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Optional;

/**
 * The default gateway: it records each binding in {@code gateway_binding}, in the allocating
 * transaction, and fails where a fault is armed.
 */
@Singleton
class RecordingNatGateway implements NatGateway {

    private final GatewayBindingRepository bindings;
    @Nullable
    private final GatewayFaultPlan faults;
    private final Clock clock;

    RecordingNatGateway(GatewayBindingRepository bindings, @Nullable GatewayFaultPlan faults, Clock clock) {
        this.bindings = bindings;
        this.faults = faults;
        this.clock = clock;
    }

    @Override
    // a failure is the allocation's to roll back (to its savepoint under group commit), not a
    // mark on the caller's whole transaction
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY, noRollbackFor = GatewayFailure.class)
    public void bind(Ipv4Address address, String instanceId) throws GatewayFailure {
        Optional<GatewayFaultPlan.Planned> fault = faults == null ? Optional.empty() : faults.fire(address.value(), instanceId);
        GatewayFailure.Stage failAt = fault.map(GatewayFaultPlan.Planned::stage).orElse(null);
        if (fault.isPresent() && fault.get().latencyMs() > 0) {
            delay(fault.get().latencyMs());
        }
        if (failAt == GatewayFailure.Stage.ALLOCATE) {
            throw new GatewayFailure(GatewayFailure.Stage.ALLOCATE, "injected: gateway could not allocate " + address);
        }
        bindings.insertBinding(address.value(), instanceId, clock.instant());
        if (failAt == GatewayFailure.Stage.BIND) {
            throw new GatewayFailure(GatewayFailure.Stage.BIND, "injected: gateway could not bind " + address);
        }
    }

    private static void delay(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void unbind(Ipv4Address address) {
        bindings.deleteBinding(address.value());
    }
}
