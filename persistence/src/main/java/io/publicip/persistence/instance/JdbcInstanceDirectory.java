package io.publicip.persistence.instance;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import io.publicip.allocation.InstanceDirectory;
import io.publicip.allocation.Ipv4Address;
import io.publicip.allocation.LockedInstance;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.Optional;

/**
 * Instances for the allocation rules: the row locked, then the address it holds. Two statements,
 * not one: a statement that waits for the row lock reads everything else from the snapshot it
 * took before waiting (PostgreSQL re-reads only the locked row), so a held address read in the
 * same statement can be one that the request it waited for has just released or taken. Read
 * after the lock, it is the current one, and nobody can change it until this transaction ends:
 * every path that gives an instance an address or takes it away locks the instance first
 * ({@link io.publicip.persistence.LockOrder}).
 */
@Singleton
class JdbcInstanceDirectory implements InstanceDirectory {

    static final String LOCK = "SELECT * FROM instance WHERE instance_id = ? FOR UPDATE";
    static final String HELD_ADDRESS = "SELECT address FROM allocation WHERE instance_id = ?";

    private final JdbcOperations jdbc;

    JdbcInstanceDirectory(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public Optional<LockedInstance> findForAllocation(String instanceId) {
        Optional<InstanceRow> row = jdbc.prepareStatement(LOCK, ps -> {
            ps.setString(1, instanceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(jdbc.readEntity(rs, InstanceRow.class)) : Optional.empty();
            }
        });
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Optional<Ipv4Address> held = jdbc.prepareStatement(HELD_ADDRESS, ps -> {
            ps.setString(1, instanceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Ipv4Address(rs.getLong(1))) : Optional.empty();
            }
        });
        return Optional.of(new LockedInstance(row.get().toInstance(), held));
    }
}
