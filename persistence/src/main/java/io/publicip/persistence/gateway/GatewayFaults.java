package io.publicip.persistence.gateway;

import io.publicip.allocation.NatGateway.GatewayFailure;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Faults armed against the gateway: each fails the next N bindings it matches (optionally only
 * for one instance or one address). A fault is consumed when it fires, outside the allocating
 * transaction, so the rollback it causes does not re-arm it.
 */
@Singleton
public class GatewayFaults {

    /** One armed fault; null filters match everything. */
    public record Fault(GatewayFailure.Stage stage, int remaining, String instanceId, Long address) {
    }

    private final List<Fault> armed = new ArrayList<>();

    public synchronized void arm(GatewayFailure.Stage stage, int times, String instanceId, Long address) {
        if (times < 1) {
            throw new IllegalArgumentException("a fault fires at least once");
        }
        armed.add(new Fault(stage, times, instanceId, address));
    }

    public synchronized List<Fault> list() {
        return List.copyOf(armed);
    }

    public synchronized void clear() {
        armed.clear();
    }

    /** The stage at which this binding must fail, consuming one firing of the first matching fault. */
    synchronized Optional<GatewayFailure.Stage> fire(long address, String instanceId) {
        for (int i = 0; i < armed.size(); i++) {
            Fault f = armed.get(i);
            boolean matches = (f.instanceId() == null || f.instanceId().equals(instanceId))
                    && (f.address() == null || f.address() == address);
            if (matches) {
                if (f.remaining() == 1) {
                    armed.remove(i);
                } else {
                    armed.set(i, new Fault(f.stage(), f.remaining() - 1, f.instanceId(), f.address()));
                }
                return Optional.of(f.stage());
            }
        }
        return Optional.empty();
    }
}
