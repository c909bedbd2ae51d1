package io.publicip.administration.instance;

import io.publicip.persistence.instance.InstanceRow;
import io.publicip.persistence.instance.InstanceRepository;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.publicip.allocation.Instance;
import io.publicip.allocation.Instance.Status;
import io.publicip.persistence.LockOrder;
import io.publicip.administration.OperatorRejection;
import io.publicip.persistence.SqlErrors;
import io.publicip.persistence.retry.RetriedTransaction;
import io.publicip.persistence.retry.TransactionRetry;
import io.publicip.administration.pool.AllocationAdministration;
import io.publicip.persistence.pool.HeldAddress;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Instances as the operator shapes them: create, replace, read, list, delete, and their lifecycle. */
@Singleton
@RetriedTransaction // every method: at SERIALIZABLE a read can be aborted too
public class InstanceAdministration {

    private final InstanceRepository instances;
    private final AllocationAdministration allocations;
    private final JdbcOperations jdbc;
    private final LockOrder locks;

    public InstanceAdministration(InstanceRepository instances, AllocationAdministration allocations, JdbcOperations jdbc,
                                  LockOrder locks) {
        this.instances = instances;
        this.allocations = allocations;
        this.jdbc = jdbc;
        this.locks = locks;
    }

    /** Creates the instance or replaces its attributes; a held address stays held. */
    @Transactional
    public InstanceView put(Instance instance) {
        Optional<InstanceRow> existing = instances.findForUpdate(instance.instanceId());
        InstanceRow row = InstanceRow.of(instance);
        if (existing.isPresent()) {
            if (!existing.get().regionId().equals(instance.regionId()) && allocations.heldBy(instance.instanceId()).isPresent()) {
                throw OperatorRejection.conflict("instance " + instance.instanceId()
                        + " holds a public address of " + existing.get().regionId() + "; release it before moving the instance");
            }
            instances.update(row);
        } else {
            try {
                instances.save(row);
            } catch (RuntimeException e) {
                if (SqlErrors.isUniqueViolation(e)) {
                    // created meanwhile by a concurrent request: tried again, this becomes a replace
                    throw new TransactionRetry.ConcurrentCreate("instance " + instance.instanceId(), e);
                }
                throw e;
            }
        }
        return view(instance);
    }

    @Transactional
    public Optional<InstanceView> find(String instanceId) {
        return instances.findById(instanceId).map(InstanceRow::toInstance).map(this::view);
    }

    /** Instances by ID, of one region and in one status when those are given. */
    @Transactional
    public List<InstanceView> list(String regionId, Status status) {
        StringBuilder sql = new StringBuilder("SELECT instance_id FROM instance WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        if (regionId != null) {
            sql.append(" AND region_id = ?");
            args.add(regionId);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status.name());
        }
        sql.append(" ORDER BY instance_id");
        List<String> ids = jdbc.prepareStatement(sql.toString(), ps -> {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
            List<String> found = new ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            return found;
        });
        return ids.stream().map(id -> find(id).orElseThrow()).toList();
    }

    /** Deletes the instance; the address it held returns to the pool. */
    @Transactional
    public void delete(String instanceId) {
        if (!locks.instance(instanceId)) {
            throw notFound(instanceId);
        }
        // read under the instance's lock: nobody can give it another address until we end
        allocations.heldBy(instanceId).ifPresent(held -> allocations.releaseHeld(held.address(), instanceId));
        allocations.unbindStray(instanceId);
        instances.deleteById(instanceId);
    }

    /** Stopped becomes Running; the held address takes effect. */
    @Transactional
    public InstanceView start(String instanceId) {
        return transition(instanceId, Status.Stopped, Status.Running, true);
    }

    /** Running becomes Stopped. */
    @Transactional
    public InstanceView stop(String instanceId) {
        return transition(instanceId, Status.Running, Status.Stopped, false);
    }

    /** Running stays Running; the held address takes effect. */
    @Transactional
    public InstanceView reboot(String instanceId) {
        return transition(instanceId, Status.Running, Status.Running, true);
    }

    private InstanceView transition(String instanceId, Status from, Status to, boolean addressTakesEffect) {
        Instance current = instances.findForUpdate(instanceId).map(InstanceRow::toInstance).orElseThrow(() -> notFound(instanceId));
        if (current.status() != from) {
            throw OperatorRejection.conflict("instance " + instanceId + " is " + current.status() + ", not " + from);
        }
        Instance next = current.withStatus(to);
        instances.update(InstanceRow.of(next));
        if (addressTakesEffect) {
            allocations.putInEffect(instanceId);
        }
        return view(next);
    }

    private InstanceView view(Instance instance) {
        Optional<HeldAddress> held = allocations.heldBy(instance.instanceId());
        return new InstanceView(instance, held);
    }

    private static OperatorRejection notFound(String instanceId) {
        return OperatorRejection.notFound("no instance " + instanceId);
    }
}
