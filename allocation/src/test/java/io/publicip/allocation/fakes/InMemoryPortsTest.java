package io.publicip.allocation.fakes;

import io.publicip.allocation.AllocationError;
import io.publicip.allocation.AllocationException;
import io.publicip.allocation.Ipv4Address;
import io.publicip.allocation.NatGateway.GatewayFailure;
import io.publicip.allocation.NatGateway.GatewayFailure.Stage;
import io.publicip.allocation.PoolAddress;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The fakes keep the contracts of the JDBC adapters they stand in for. */
class InMemoryPortsTest {

    static final Instant AT = InMemoryWorld.NOW;

    final InMemoryWorld world = InMemoryWorld.standard();
    final InMemoryAddressPool pool = world.pool;

    <T> T tx(java.util.function.Supplier<T> work) {
        return world.transactions.run(work);
    }

    static Ipv4Address ip(String text) {
        return Ipv4Address.of(text);
    }

    @Test
    void anAddressHasOneHolder() {
        assertTrue(tx(() -> pool.allocate(ip("10.0.0.2"), "i-1", AT)));
        assertFalse(tx(() -> pool.allocate(ip("10.0.0.2"), "i-2", AT)), "held by another");
        assertFalse(tx(() -> pool.allocate(ip("10.0.0.2"), "i-1", AT)), "held by the same instance: still false, as the JDBC pool");
        assertEquals(Optional.of("i-1"), tx(() -> pool.holderOf(ip("10.0.0.2"))));
    }

    @Test
    void anInstanceHoldsOneAddress() {
        tx(() -> pool.allocate(ip("10.0.0.2"), "i-1", AT));
        AllocationException named = assertThrows(AllocationException.class, () -> tx(() -> pool.allocate(ip("10.0.0.4"), "i-1", AT)));
        assertEquals(AllocationError.ALLOCATED_ALREADY, named.error());
        AllocationException next = assertThrows(AllocationException.class, () -> tx(() -> pool.allocateNext("r1", OptionalInt.empty(), "i-1", AT)));
        assertEquals(AllocationError.ALLOCATED_ALREADY, next.error());
        assertEquals(Set.of(ip("10.0.0.2")), pool.holdings().keySet(), "the refusals rolled back");
    }

    @Test
    void aFullPoolAnswersEmptyBeforeLookingAtTheInstance() {
        world.fill(11);
        tx(() -> pool.allocate(ip("10.0.0.2"), "i-1", AT));
        assertEquals(Optional.empty(), tx(() -> pool.allocateNext("r1", OptionalInt.of(11), "i-1", AT)));
    }

    @Test
    void onlyTheUsablePartOfARangeIsInThePool() {
        InMemoryWorld other = new InMemoryWorld(1);
        other.pool.addVlan(1, "r", "10.1.0.0/30", "10.1.1.0/31", "10.1.2.0/32");
        assertEquals(List.of(ip("10.1.0.1"), ip("10.1.0.2"), ip("10.1.1.0"), ip("10.1.1.1"), ip("10.1.2.0")), other.pool.freeIn(1));
        for (String outside : new String[]{"10.1.0.0", "10.1.0.3", "10.1.1.2", "10.1.2.1"}) {
            assertEquals(OptionalInt.empty(), other.transactions.run(() -> other.pool.vlanOf("r", ip(outside))), outside);
            assertFalse(other.transactions.run(() -> other.pool.allocate(ip(outside), "i-1", AT)), outside);
        }
        assertEquals(OptionalInt.of(1), other.transactions.run(() -> other.pool.vlanOf("r", ip("10.1.1.0"))));
        assertEquals(OptionalInt.empty(), other.transactions.run(() -> other.pool.vlanOf("elsewhere", ip("10.1.1.0"))));
    }

    @Test
    void vlanNumbersAndRangesDoNotClash() {
        assertThrows(IllegalArgumentException.class, () -> pool.addVlan(10, "r3", "10.9.0.0/30"), "number taken in another region");
        assertThrows(IllegalArgumentException.class, () -> pool.addVlan(12, "r3", "10.0.0.4/30"), "overlaps VLAN 10");
        assertThrows(IllegalArgumentException.class, () -> pool.addVlan(0, "r3", "10.9.0.0/30"));
        assertTrue(tx(() -> pool.hasVlan("r1", 10)));
        assertFalse(tx(() -> pool.hasVlan("r2", 10)));
    }

    @Test
    void nextPicksEveryFreeAddressOnceAndNotInOrder() {
        Set<Ipv4Address> got = new HashSet<>();
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            String id = "i-" + i;
            PoolAddress next = tx(() -> pool.allocateNext("r1", OptionalInt.of(10), id, AT)).orElseThrow();
            assertEquals(10, next.vlanId());
            got.add(next.address());
            order.append(next.address()).append(' ');
        }
        assertEquals(new HashSet<>(List.of(ip("10.0.0.1"), ip("10.0.0.2"), ip("10.0.0.3"), ip("10.0.0.4"), ip("10.0.0.5"), ip("10.0.0.6"))), got);
        assertNotEquals("10.0.0.1 10.0.0.2 10.0.0.3 10.0.0.4 10.0.0.5 10.0.0.6 ", order.toString());
        assertEquals(Optional.empty(), tx(() -> pool.allocateNext("r1", OptionalInt.of(10), "i-9", AT)));
    }

    @Test
    void onlyTheHolderReleases() {
        tx(() -> pool.allocate(ip("10.0.0.2"), "i-1", AT));
        assertFalse(tx(() -> pool.release(ip("10.0.0.2"), "i-2")));
        assertFalse(tx(() -> pool.release(ip("10.0.0.3"), "i-1")));
        assertTrue(tx(() -> pool.release(ip("10.0.0.2"), "i-1")));
        assertEquals(Optional.empty(), tx(() -> pool.holderOf(ip("10.0.0.2"))));
        assertTrue(tx(() -> pool.allocate(ip("10.0.0.4"), "i-1", AT)), "free to hold another");
    }

    @Test
    void portsRequireATransaction() {
        assertThrows(IllegalStateException.class, () -> pool.hasVlan("r1", 10));
        assertThrows(IllegalStateException.class, () -> pool.allocate(ip("10.0.0.2"), "i-1", AT));
        assertThrows(IllegalStateException.class, () -> world.instances.findForAllocation("i-1"));
        assertThrows(IllegalStateException.class, () -> world.gateway.unbind(ip("10.0.0.2")));
        assertTrue(pool.holdings().isEmpty());
    }

    @Test
    void aRollbackRestoresThePoolAndTheGatewayButNotAFiredFault() {
        world.give("10.0.0.3", "i-holder");
        world.gateway.failNext(Stage.BIND);
        assertThrows(IllegalStateException.class, () -> tx(() -> {
            pool.allocate(ip("10.0.0.2"), "i-1", AT);
            pool.release(ip("10.0.0.3"), "i-holder");
            world.gateway.unbind(ip("10.0.0.3"));
            try {
                world.gateway.bind(ip("10.0.0.2"), "i-1");
            } catch (GatewayFailure failure) {
                assertEquals(Stage.BIND, failure.stage());
                assertEquals("i-1", world.gateway.bindings().get(ip("10.0.0.2")), "BIND fails after writing the binding");
            }
            throw new IllegalStateException("roll back");
        }));
        assertEquals(Set.of(ip("10.0.0.3")), pool.holdings().keySet());
        assertEquals(Map.of(ip("10.0.0.3"), "i-holder"), world.gateway.bindings());
        assertEquals(0, world.gateway.armedFaults());
        assertEquals(1, world.transactions.rollbacks());
    }

    @Test
    void aGatewayBindingIsOnePerAddressAndPerInstance() {
        world.gateway.bound("10.0.0.3", "i-holder");
        assertThrows(IllegalStateException.class, () -> world.transactions.run(() -> bind("10.0.0.3", "i-1")));
        assertThrows(IllegalStateException.class, () -> world.transactions.run(() -> bind("10.0.0.4", "i-holder")));
        world.gateway.failNext(Stage.ALLOCATE);
        assertThrows(IllegalStateException.class, () -> world.transactions.run(() -> bind("10.0.0.4", "i-1")));
        assertEquals(Map.of(ip("10.0.0.3"), "i-holder"), world.gateway.bindings(), "ALLOCATE fails before writing");
    }

    private Void bind(String address, String instanceId) {
        try {
            world.gateway.bind(ip(address), instanceId);
            return null;
        } catch (GatewayFailure failure) {
            throw new IllegalStateException(failure);
        }
    }
}
