package io.publicip.allocation.fakes;

import io.publicip.allocation.Instance;
import io.publicip.allocation.InstanceDirectory;
import io.publicip.allocation.LockedInstance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Instances in memory, with the contract of {@code JdbcInstanceDirectory}: an instance is found
 * by its ID, with the address it holds read from the pool (its {@code allocation} row). One
 * thread needs no row lock; the IDs looked up are recorded instead, in order, so that a test can
 * see which instance a rule locked.
 */
public final class InMemoryInstanceDirectory implements InstanceDirectory {

    private final InMemoryTransactions transactions;
    private final InMemoryAddressPool pool;
    private final Map<String, Instance> instances = new HashMap<>();
    private final List<String> lookedUp = new ArrayList<>();

    public InMemoryInstanceDirectory(InMemoryTransactions transactions, InMemoryAddressPool pool) {
        this.transactions = transactions;
        this.pool = pool;
    }

    /** Adds or replaces an instance (set-up, outside any transaction). */
    public Instance put(Instance instance) {
        instances.put(instance.instanceId(), instance);
        return instance;
    }

    /** The instance IDs looked up so far, in order. */
    public List<String> lookedUp() {
        return List.copyOf(lookedUp);
    }

    @Override
    public Optional<LockedInstance> findForAllocation(String instanceId) {
        transactions.requireActive();
        lookedUp.add(instanceId);
        return Optional.ofNullable(instances.get(instanceId))
                .map(instance -> new LockedInstance(instance, pool.addressOf(instanceId)));
    }
}
