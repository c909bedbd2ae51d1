package io.publicip.allocation.fakes;

import io.publicip.allocation.Ipv4Address;
import io.publicip.allocation.NatGateway;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The NAT gateway in memory, with the contract of {@code RecordingNatGateway}: a binding per
 * address and per instance (the keys of {@code gateway_binding}; a second one is a constraint
 * violation, which rolls the transaction back), faults armed against it that fail the next
 * matching bindings, at the ALLOCATE step (before the binding is written) or the BIND step
 * (after). A fault is consumed when it fires and a rollback does not re-arm it.
 */
public final class InMemoryNatGateway implements NatGateway, InMemoryTransactions.Participant {

    private record Fault(GatewayFailure.Stage stage, String instanceId) {
    }

    private final InMemoryTransactions transactions;
    private final Map<Ipv4Address, String> bindings = new TreeMap<>();
    private final List<Fault> armed = new ArrayList<>();
    private int bindCalls;

    public InMemoryNatGateway(InMemoryTransactions transactions) {
        this.transactions = transactions;
        transactions.enlist(this);
    }

    /** Fails the next binding at the stage, for any instance. */
    public void failNext(GatewayFailure.Stage stage) {
        armed.add(new Fault(stage, null));
    }

    /** Fails the next binding to this instance at the stage. */
    public void failNextFor(String instanceId, GatewayFailure.Stage stage) {
        armed.add(new Fault(stage, instanceId));
    }

    /** Faults not yet fired. */
    public int armedFaults() {
        return armed.size();
    }

    /** Calls of {@link #bind} so far, failed ones included. */
    public int bindCalls() {
        return bindCalls;
    }

    /** Set-up: a binding written by a committed allocation. */
    public void bound(String address, String instanceId) {
        put(Ipv4Address.of(address), instanceId);
    }

    public Map<Ipv4Address, String> bindings() {
        return Map.copyOf(bindings);
    }

    @Override
    public void bind(Ipv4Address address, String instanceId) throws GatewayFailure {
        transactions.requireActive();
        bindCalls++;
        GatewayFailure.Stage failAt = fire(instanceId);
        if (failAt == GatewayFailure.Stage.ALLOCATE) {
            throw new GatewayFailure(failAt, "armed: gateway could not allocate " + address);
        }
        put(address, instanceId);
        if (failAt == GatewayFailure.Stage.BIND) {
            throw new GatewayFailure(failAt, "armed: gateway could not bind " + address);
        }
    }

    @Override
    public void unbind(Ipv4Address address) {
        transactions.requireActive();
        bindings.remove(address);
    }

    @Override
    public Runnable snapshot() {
        Map<Ipv4Address, String> copy = new HashMap<>(bindings);
        return () -> {
            bindings.clear();
            bindings.putAll(copy);
        };
    }

    private GatewayFailure.Stage fire(String instanceId) {
        for (int i = 0; i < armed.size(); i++) {
            Fault fault = armed.get(i);
            if (fault.instanceId() == null || fault.instanceId().equals(instanceId)) {
                armed.remove(i);
                return fault.stage();
            }
        }
        return null;
    }

    private void put(Ipv4Address address, String instanceId) {
        if (bindings.containsKey(address) || bindings.containsValue(instanceId)) {
            throw new IllegalStateException("gateway binding of " + address + " or " + instanceId + " exists already");
        }
        bindings.put(address, instanceId);
    }
}
