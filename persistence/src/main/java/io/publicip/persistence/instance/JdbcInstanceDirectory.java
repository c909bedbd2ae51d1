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
 * Instances for the allocation rules: the row locked and the address it holds, in one statement
 * (they were two round trips of every allocation).
 */
@Singleton
class JdbcInstanceDirectory implements InstanceDirectory {

    /** FOR UPDATE locks the instance's row only; the held address comes from the allocation's unique key on instance_id. */
    static final String LOCKED_WITH_ADDRESS = "SELECT i.*, (SELECT a.address FROM allocation a WHERE a.instance_id = i.instance_id) "
            + "AS held_address FROM instance i WHERE i.instance_id = ? FOR UPDATE";

    private final JdbcOperations jdbc;

    JdbcInstanceDirectory(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public Optional<LockedInstance> findForAllocation(String instanceId) {
        return jdbc.prepareStatement(LOCKED_WITH_ADDRESS, ps -> {
            ps.setString(1, instanceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                InstanceRow row = jdbc.readEntity(rs, InstanceRow.class);
                long held = rs.getLong("held_address");
                Optional<Ipv4Address> address = rs.wasNull() ? Optional.empty() : Optional.of(new Ipv4Address(held));
                return Optional.of(new LockedInstance(row.toInstance(), address));
            }
        });
    }
}
