package io.publicip.administration.pool;

import io.publicip.persistence.pool.HeldAddress;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.publicip.allocation.AddressPool;
import io.publicip.allocation.Ipv4Address;
import io.publicip.allocation.NatGateway;
import io.publicip.persistence.LockOrder;
import io.publicip.administration.OperatorRejection;
import io.publicip.persistence.retry.RetriedTransaction;
import io.publicip.persistence.retry.TransactionRetry;
import org.slf4j.LoggerFactory;
import org.slf4j.Logger;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Allocations as the operator sees them: listed a page at a time, released one by one. */
@Singleton
@RetriedTransaction // every method: at SERIALIZABLE a read can be aborted too
public class AllocationAdministration {

    /** Filters of {@link #list}; null means any. */
    public record Filter(Integer vlanId, String instanceId, String regionId) {
    }

    private static final String COLUMNS = "SELECT address, instance_id, vlan_id, region_id, allocated_at, in_effect FROM allocation ";

    /**
     * Reads of an address's holder that find it changed by the time the holder is locked, before
     * the transaction is run again whole (on fresh reads, after a back-off).
     */
    private static final int HOLDER_CHANGES = 5;

    private static final Logger LOG = LoggerFactory.getLogger(AllocationAdministration.class);

    private final JdbcOperations jdbc;
    private final AddressPool pool;
    private final NatGateway gateway;
    private final LockOrder locks;

    public AllocationAdministration(JdbcOperations jdbc, AddressPool pool, NatGateway gateway, LockOrder locks) {
        this.jdbc = jdbc;
        this.pool = pool;
        this.gateway = gateway;
        this.locks = locks;
    }

    /** Held addresses above {@code after} (exclusive; -1 for the start), in address order. */
    @Transactional
    public List<HeldAddress> list(Filter filter, long after, int limit) {
        StringBuilder sql = new StringBuilder(COLUMNS).append("WHERE address > ?");
        List<Object> args = new ArrayList<>(List.of(after));
        if (filter.vlanId() != null) {
            sql.append(" AND vlan_id = ?");
            args.add(filter.vlanId());
        }
        if (filter.instanceId() != null) {
            sql.append(" AND instance_id = ?");
            args.add(filter.instanceId());
        }
        if (filter.regionId() != null) {
            sql.append(" AND region_id = ?");
            args.add(filter.regionId());
        }
        sql.append(" ORDER BY address FETCH FIRST ").append(limit).append(" ROWS ONLY");
        return jdbc.prepareStatement(sql.toString(), ps -> {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            return heldAddresses(ps);
        });
    }

    /** The latest allocations, newest first (an index on allocated_at; ties by address). */
    @Transactional
    public List<HeldAddress> recent(int limit) {
        return jdbc.prepareStatement(COLUMNS + "ORDER BY allocated_at DESC, address DESC FETCH FIRST " + limit + " ROWS ONLY",
                AllocationAdministration::heldAddresses);
    }

    private static List<HeldAddress> heldAddresses(java.sql.PreparedStatement ps) throws SQLException {
        List<HeldAddress> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(held(rs));
            }
        }
        return rows;
    }

    @Transactional
    public Optional<HeldAddress> heldBy(String instanceId) {
        return jdbc.prepareStatement(COLUMNS + "WHERE instance_id = ?", ps -> {
            ps.setString(1, instanceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(held(rs)) : Optional.empty();
            }
        });
    }

    /**
     * Returns the address to the pool and removes its gateway binding; a free address is left
     * as it is (a binding left without its allocation is removed). In the lock order: the holder,
     * then the address's block, then the allocation and the binding together.
     *
     * @throws OperatorRejection NOT_FOUND when no pool has the address
     */
    @Transactional
    public void release(Ipv4Address address) {
        List<String> holders = new ArrayList<>();
        for (int attempt = 0; attempt < HOLDER_CHANGES; attempt++) {
            Optional<String> holder = pool.holderOf(address);
            holders.add(holder.orElse("-"));
            if (holder.isEmpty()) {
                if (!locks.blockOf(address.value())) {
                    throw OperatorRejection.notFound(address + " is in no pool");
                }
                jdbc.prepareStatement("DELETE FROM gateway_binding WHERE address = ? AND NOT EXISTS "
                        + "(SELECT 1 FROM allocation a WHERE a.address = gateway_binding.address)", ps -> {
                    ps.setLong(1, address.value());
                    return ps.executeUpdate();
                });
                return;
            }
            if (releaseHeld(address, holder.get())) {
                return;
            }
            // the address changed hands between the read and the holder's lock: read it again
        }
        LOG.info("Release of {}: its holder changed under the lock {} times ({}); the transaction runs again", address, HOLDER_CHANGES, holders);
        throw new TransactionRetry.Contended(address + " changed hands " + HOLDER_CHANGES + " times while being released");
    }

    /**
     * Takes the address from this holder and removes its binding, with the holder locked first;
     * false when the holder no longer has it.
     */
    public boolean releaseHeld(Ipv4Address address, String holder) {
        if (!locks.instance(holder) || !pool.release(address, holder)) {
            return false;
        }
        gateway.unbind(address);
        return true;
    }

    /** Removes the instance's bindings that have no allocation (under the instance's lock, before it is deleted). */
    public void unbindStray(String instanceId) {
        jdbc.prepareStatement("DELETE FROM gateway_binding WHERE instance_id = ? AND NOT EXISTS "
                + "(SELECT 1 FROM allocation a WHERE a.address = gateway_binding.address AND a.instance_id = gateway_binding.instance_id)", ps -> {
            ps.setString(1, instanceId);
            return ps.executeUpdate();
        });
    }

    /** The instance's address takes effect (it was started or rebooted). */
    @Transactional
    public void putInEffect(String instanceId) {
        jdbc.prepareStatement("UPDATE allocation SET in_effect = TRUE WHERE instance_id = ?", ps -> {
            ps.setString(1, instanceId);
            return ps.executeUpdate();
        });
    }

    /**
     * Writes an allocation as given (an import), with its gateway binding. Block free counts and
     * usage counters are recounted by the caller once all are written.
     *
     * @throws OperatorRejection when the address is in no pool
     */
    @Transactional
    public void restore(Ipv4Address address, String instanceId, Instant allocatedAt, boolean inEffect) {
        int written = jdbc.prepareStatement("INSERT INTO allocation (address, block_address, vlan_id, region_id, instance_id, "
                + "allocated_at, in_effect) SELECT ?, first_address, vlan_id, region_id, ?, ?, ? FROM address_block "
                + "WHERE first_address <= ? AND last_address >= ?", ps -> {
            ps.setLong(1, address.value());
            ps.setString(2, instanceId);
            ps.setTimestamp(3, Timestamp.from(allocatedAt));
            ps.setBoolean(4, inEffect);
            ps.setLong(5, address.value());
            ps.setLong(6, address.value());
            return ps.executeUpdate();
        });
        if (written != 1) {
            throw OperatorRejection.invalid("allocation of " + address + ": the address is in no pool of the document");
        }
        jdbc.prepareStatement("INSERT INTO gateway_binding (address, instance_id, bound_at) VALUES (?, ?, ?)", ps -> {
            ps.setLong(1, address.value());
            ps.setString(2, instanceId);
            ps.setTimestamp(3, Timestamp.from(allocatedAt));
            return ps.executeUpdate();
        });
    }

    private static HeldAddress held(ResultSet rs) throws SQLException {
        return new HeldAddress(new Ipv4Address(rs.getLong(1)), rs.getString(2), rs.getInt(3), rs.getString(4),
                rs.getTimestamp(5).toInstant(), rs.getBoolean(6));
    }
}
