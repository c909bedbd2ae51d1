package io.publicip.administration.gateway;

import io.micronaut.core.annotation.Nullable;
import io.publicip.allocation.NatGateway.GatewayFailure;
import io.publicip.persistence.gateway.GatewayFaultPlan;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Faults armed against the gateway: each hits the next N bindings it matches (optionally only
 * one instance's or one address's), delaying them and, when it names a failure, failing them.
 * A fault is consumed when it fires, outside the allocating transaction, so the rollback it
 * causes does not re-arm it. Faults live in this server's memory: with several replicas, each
 * has its own.
 */
@Singleton
public class GatewayFaults implements GatewayFaultPlan {

    private long fired;

    /** One armed fault; a null filter matches everything, a null stage only delays. */
    public record Fault(String id, @Nullable GatewayFailure.Stage stage, int times, int remaining,
                        @Nullable String instanceId, @Nullable Long address, int latencyMs) {

        boolean matches(long candidate, String holder) {
            return (instanceId == null || instanceId.equals(holder)) && (address == null || address == candidate);
        }
    }

    private final List<Fault> armed = new ArrayList<>();

    public synchronized Fault arm(@Nullable GatewayFailure.Stage stage, int times, @Nullable String instanceId,
                                  @Nullable Long address, int latencyMs) {
        if (times < 1) {
            throw new IllegalArgumentException("a fault fires at least once");
        }
        if (latencyMs < 0) {
            throw new IllegalArgumentException("latency cannot be negative");
        }
        Fault fault = new Fault(UUID.randomUUID().toString(), stage, times, times, instanceId, address, latencyMs);
        armed.add(fault);
        return fault;
    }

    public synchronized List<Fault> list() {
        return List.copyOf(armed);
    }

    public synchronized void clear() {
        armed.clear();
    }

    /** Allocations a fault hit (delayed or failed) since start-up. */
    public synchronized long firedSinceStart() {
        return fired;
    }

    /** The first fault matching this binding, consuming one of its firings. */
    @Override
    public synchronized Optional<Planned> fire(long address, String instanceId) {
        for (int i = 0; i < armed.size(); i++) {
            Fault f = armed.get(i);
            if (f.matches(address, instanceId)) {
                if (f.remaining() == 1) {
                    armed.remove(i);
                } else {
                    armed.set(i, new Fault(f.id(), f.stage(), f.times(), f.remaining() - 1, f.instanceId(), f.address(), f.latencyMs()));
                }
                fired++;
                return Optional.of(new Planned(f.stage(), f.latencyMs()));
            }
        }
        return Optional.empty();
    }
}
