package io.publicip.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;

/**
 * The one order in which every write path takes its locks, so that no two of them can wait for
 * each other in a cycle (a deadlock), and so that what a path reads after taking a lock cannot
 * change under it:
 * <ol>
 *   <li><b>instances</b> ({@code FOR UPDATE}; several in {@code instance_id} order): whoever gives
 *       an instance an address or takes it away holds the instance first, so the address an
 *       instance holds, read after its lock, stays true until the transaction ends;</li>
 *   <li><b>VLANs</b> ({@code FOR UPDATE}; several in {@code vlan_id} order);</li>
 *   <li><b>the pool layout</b> (the one row of {@code pool_layout}): a VLAN's creation checks its
 *       ranges against the others' and writes them under it;</li>
 *   <li><b>address blocks</b> (an UPDATE of the row that takes a place, or {@code FOR UPDATE};
 *       several in {@code first_address} order): the allocations of a block's addresses, their
 *       gateway bindings and the block's free count change only under the block's lock;</li>
 *   <li>then the rows under them, which no path locks on their own: allocations, gateway
 *       bindings, usage stripes.</li>
 * </ol>
 * Each path takes a subsequence:
 * <table>
 *   <tr><th>path</th><th>instances</th><th>VLANs</th><th>blocks</th></tr>
 *   <tr><td>allocation, named or dynamic</td><td>its own</td><td>-</td><td>the one it takes a place in</td></tr>
 *   <tr><td>RPC release, operator release</td><td>the holder</td><td>-</td><td>the address's</td></tr>
 *   <tr><td>instance delete, replace, start, stop, reboot</td><td>its own</td><td>-</td><td>its address's, on delete</td></tr>
 *   <tr><td>VLAN create</td><td>-</td><td>(the new one)</td><td>(the new ones), after the pool layout</td></tr>
 *   <tr><td>VLAN delete</td><td>-</td><td>its own</td><td>all of the VLAN's, in order</td></tr>
 *   <tr><td>import, reset, clear</td><td>all, in order</td><td>all, in order</td><td>all (deleted)</td></tr>
 *   <tr><td>reconciliation</td><td>-</td><td>-</td><td>one per transaction</td></tr>
 * </table>
 * The database's keys stay the final word on uniqueness; these locks make the answers follow the
 * rule order under any interleaving, and keep the counters and bindings in step.
 *
 * <p>One exception, by design: a group commit ({@code GroupCommit}) runs several requests, each
 * in this order, in one transaction, so the group as a whole holds, say, an instance after
 * another request's block. It can deadlock with another group or another path; the database
 * breaks the cycle and the loser runs again (a group's requests each alone). Each thread keeps
 * to one usage stripe and one block at a time, which keeps that rare.
 */
@Singleton
@Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
public class LockOrder {

    private final JdbcOperations jdbc;

    public LockOrder(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** 1. One instance; false when it does not exist. */
    public boolean instance(String instanceId) {
        return rows("SELECT instance_id FROM instance WHERE instance_id = ? FOR UPDATE", instanceId) > 0;
    }

    /** 1. Every instance, in order. */
    public void allInstances() {
        rows("SELECT instance_id FROM instance ORDER BY instance_id FOR UPDATE", null);
    }

    /** 2. One VLAN; false when it does not exist. */
    public boolean vlan(int vlanId) {
        return rows("SELECT vlan_id FROM vlan WHERE vlan_id = ? FOR UPDATE", vlanId) > 0;
    }

    /** 2. Every VLAN, in order. */
    public void allVlans() {
        rows("SELECT vlan_id FROM vlan ORDER BY vlan_id FOR UPDATE", null);
    }

    /** 2b. The pool layout: held by whoever checks new ranges against the existing ones. */
    public void poolLayout() {
        rows("SELECT id FROM pool_layout WHERE id = 1 FOR UPDATE", null);
    }

    /** 3. Every block of one VLAN, in order. */
    public void blocksOfVlan(int vlanId) {
        rows("SELECT first_address FROM address_block WHERE vlan_id = ? ORDER BY first_address FOR UPDATE", vlanId);
    }

    /** 3. The block that holds the address; false when no block does. */
    public boolean blockOf(long address) {
        Long first = jdbc.prepareStatement("SELECT first_address, last_address FROM address_block WHERE first_address <= ? "
                + "ORDER BY first_address DESC FETCH FIRST 1 ROWS ONLY", ps -> {
            ps.setLong(1, address);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(2) >= address ? rs.getLong(1) : null;
            }
        });
        return first != null && block(first);
    }

    /** 3. One block, by its first address; false when it does not exist. */
    public boolean block(long firstAddress) {
        // FOR UPDATE, not an UPDATE that sets a column to itself: that writes back the value it
        // read, and an engine may read it before the lock is granted, or skip a change that
        // changes nothing
        return rows("SELECT first_address FROM address_block WHERE first_address = ? FOR UPDATE", firstAddress) > 0;
    }

    private int rows(String sql, Object parameter) {
        return jdbc.prepareStatement(sql, ps -> {
            if (parameter != null) {
                ps.setObject(1, parameter);
            }
            int count = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    count++;
                }
            }
            return count;
        });
    }
}
