package io.publicip.allocation;

import io.publicip.allocation.Instance.LockReason;
import io.publicip.allocation.Instance.Status;
import io.publicip.allocation.NatGateway.GatewayFailure.Stage;
import io.publicip.allocation.fakes.InMemoryAddressPool.Holding;
import io.publicip.allocation.fakes.InMemoryWorld;
import io.publicip.allocation.fakes.InstanceBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.publicip.allocation.AllocationError.*;
import static io.publicip.allocation.fakes.InMemoryWorld.NOW;
import static io.publicip.allocation.fakes.InstanceBuilder.allocatable;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The rules of AllocatePublicIpAddress and ReleasePublicIpAddress, and the order they apply in,
 * over in-memory ports: no database, no Micronaut context. The database tests
 * ({@code administration/.../AllocationRulesTest}) check the same rules on the JDBC adapters.
 *
 * <p>Two kinds of rows. Cascades take the rules in their documented order (docs/protocol.md, "The rules,
 * in order"), each with one way to break it; for every rule a row breaks it alone, and a row
 * breaks it and every rule after it, so that only the order picks the answer: checking any rule
 * earlier than it is documented makes some cascade row answer that rule instead. Named rows
 * cover each rule's variants and edges, the pairs the contract calls out, and what succeeds.
 *
 * <p>Every row checks the whole answer: the exact error, or the address, VLAN and region given;
 * and what is left behind: a refusal leaves the pool and the gateway as they were (the
 * gateway's rows included: the transaction rolls the reservation back), a success holds and
 * binds exactly the address returned.
 *
 * <p>Every row starts from {@link InMemoryWorld#standard()} plus i-1 (allocatable, r1), i-r2
 * (allocatable, r2) and i-holder (r1, holding 10.0.0.3).
 */
class AllocationRuleOrderTest {

    // --- what a row expects ---------------------------------------------------------------

    sealed interface Answer permits Refused, Allocated, AllocatedFrom {
    }

    record Refused(AllocationError error) implements Answer {
    }

    /** Exactly this address, from this VLAN. */
    record Allocated(String address, int vlanId) implements Answer {
    }

    /** Some address that was free in one of these VLANs. */
    record AllocatedFrom(Set<Integer> vlanIds) implements Answer {
    }

    record Row(String name, Consumer<InMemoryWorld> given, AllocationRequest request, Answer answer) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Refused refused(AllocationError error) {
        return new Refused(error);
    }

    static Allocated allocated(String address, int vlanId) {
        return new Allocated(address, vlanId);
    }

    static AllocatedFrom allocatedFrom(Integer... vlanIds) {
        return new AllocatedFrom(Set.of(vlanIds));
    }

    static AllocationRequest request(String instanceId, String ipAddress, String vlanId, String regionId) {
        return new AllocationRequest(instanceId, ipAddress, vlanId, regionId);
    }

    static Row row(String name, AllocationRequest request, Answer answer) {
        return new Row(name, world -> { }, request, answer);
    }

    static Row row(String name, Consumer<InMemoryWorld> given, AllocationRequest request, Answer answer) {
        return new Row(name, given, request, answer);
    }

    static Consumer<InMemoryWorld> instance(InstanceBuilder instance) {
        return world -> world.add(instance);
    }

    static Consumer<InMemoryWorld> holding(InstanceBuilder instance, String address) {
        return world -> world.give(address, world.add(instance).instanceId());
    }

    static InMemoryWorld world() {
        InMemoryWorld world = InMemoryWorld.standard();
        world.add(allocatable("i-1"));
        world.add(allocatable("i-r2").region("r2"));
        world.add(allocatable("i-holder"));
        world.give("10.0.0.3", "i-holder");
        return world;
    }

    // --- cascades -------------------------------------------------------------------------

    /** A request and a world that every rule accepts, until breaches change them. */
    static final class Scenario {
        String instanceId = "i-x";
        String ipAddress;
        String vlanId;
        String regionId;
        final InstanceBuilder instance = allocatable("i-x");
        String held;
        final List<Consumer<InMemoryWorld>> world = new ArrayList<>();
        final List<Consumer<InMemoryWorld>> fills = new ArrayList<>();

        void given(InMemoryWorld w) {
            w.add(instance);
            if (held != null) {
                w.give(held, "i-x");
            }
            world.forEach(step -> step.accept(w));
            fills.forEach(step -> step.accept(w));
        }

        AllocationRequest request() {
            return AllocationRuleOrderTest.request(instanceId, ipAddress, vlanId, regionId);
        }
    }

    /** One way to break one rule. */
    record Breach(AllocationError error, String how, Consumer<Scenario> apply) {
    }

    static Breach breach(AllocationError error, String how, Consumer<Scenario> apply) {
        return new Breach(error, how, apply);
    }

    /** Rules 1 to 4: the request's values, the instance, its state, its network. */
    static final List<Breach> BEFORE_THE_POOL = List.of(
            breach(MISSING_INSTANCE_ID, "InstanceId empty", s -> s.instanceId = ""),
            breach(MALFORMED_IP_ADDRESS, "IpAddress 10.0.0.01", s -> s.ipAddress = "10.0.0.01"),
            breach(INVALID_VLAN_ID, "VlanId 4095", s -> s.vlanId = "4095"),
            breach(INSTANCE_NOT_FOUND, "RegionId r2 for an instance of r1", s -> s.regionId = "r2"),
            breach(INSTANCE_LOCKED_FOR_SECURITY, "locked for security", s -> s.instance.lock(LockReason.security)),
            breach(INSTANCE_EXPIRED_OR_IN_ARREARS, "prepaid, expired a second ago", s -> s.instance.prePaid(NOW.minusSeconds(1))),
            breach(INCORRECT_INSTANCE_STATUS, "Pending", s -> s.instance.status(Status.Pending)),
            breach(VPC_INSTANCE_WITH_EIP, "VPC with an EIP", s -> s.instance.vpc("47.1.1.1")),
            breach(ALLOCATED_ALREADY, "holds 10.0.0.4", s -> s.held = "10.0.0.4"),
            breach(INVALID_INSTANCE_BANDWIDTH, "InternetMaxBandwidthOut 0", s -> s.instance.bandwidth(0)));

    /** Rules 5 and 7, for a named address. */
    static final List<Breach> NAMED_ADDRESS = List.of(
            breach(VLAN_NOT_FOUND, "VlanId 20, of region r2", s -> s.vlanId = "20"),
            breach(ADDRESS_NOT_IN_REGION_POOLS, "IpAddress 10.0.2.1, of r2's pool and held there", s -> {
                s.ipAddress = "10.0.2.1";
                s.world.add(holding(allocatable("i-z").region("r2"), "10.0.2.1"));
            }),
            breach(ADDRESS_NOT_IN_VLAN, "IpAddress 10.0.1.1 of VLAN 11 asked in VLAN 10", s -> {
                s.ipAddress = "10.0.1.1";
                s.vlanId = "10";
            }),
            breach(IP_IN_USE, "IpAddress 10.0.1.1 held by i-y", s -> {
                s.ipAddress = "10.0.1.1";
                s.vlanId = "11";
                s.world.add(holding(allocatable("i-y"), "10.0.1.1"));
            }),
            breach(GATEWAY_BINDING_FAILED, "gateway fails to bind", s -> s.world.add(w -> w.gateway.failNext(Stage.BIND))));

    /** Rules 5 to 7, for any free address of a VLAN. */
    static final List<Breach> FROM_A_VLAN = List.of(
            breach(VLAN_NOT_FOUND, "VlanId 999, in no region", s -> s.vlanId = "999"),
            breach(VLAN_EXHAUSTED, "VlanId 11, every address held", s -> {
                s.vlanId = "11";
                s.fills.add(w -> w.fill(11));
            }),
            breach(GATEWAY_ALLOCATE_FAILED, "gateway fails to allocate", s -> s.world.add(w -> w.gateway.failNext(Stage.ALLOCATE))));

    /** Rules 6 and 7, for any free address of the region. */
    static final List<Breach> FROM_THE_REGION = List.of(
            breach(REGION_EXHAUSTED, "every address of r1 held", s -> s.fills.add(w -> w.fillRegion("r1"))),
            breach(GATEWAY_BINDING_FAILED, "gateway fails to bind", s -> s.world.add(w -> w.gateway.failNext(Stage.BIND))));

    static Stream<Row> cascades() {
        Map<String, Row> rows = new LinkedHashMap<>();
        cascade("named address", NAMED_ADDRESS, rows);
        cascade("from a VLAN", FROM_A_VLAN, rows);
        cascade("from the region", FROM_THE_REGION, rows);
        return rows.values().stream();
    }

    private static void cascade(String path, List<Breach> tail, Map<String, Row> rows) {
        List<Breach> rules = new ArrayList<>(BEFORE_THE_POOL);
        rules.addAll(tail);
        for (int k = 0; k < rules.size(); k++) {
            Breach first = rules.get(k);
            String alone = first.error() + " alone: " + first.how();
            rows.putIfAbsent(alone, scenarioRow(alone, List.of(first)));
            if (k < rules.size() - 1) {
                List<Breach> suffix = rules.subList(k, rules.size());
                String all = "[" + path + "] " + first.error() + " (" + first.how() + ") with every later rule broken: "
                        + suffix.stream().skip(1).map(b -> b.error().name()).toList();
                rows.put(all, scenarioRow(all, suffix));
            }
        }
    }

    /** Breaches applied last rule first, so that an earlier rule's change wins where two touch one value. */
    private static Row scenarioRow(String name, List<Breach> breaches) {
        Scenario scenario = new Scenario();
        for (int i = breaches.size() - 1; i >= 0; i--) {
            breaches.get(i).apply().accept(scenario);
        }
        return row(name, scenario::given, scenario.request(), refused(breaches.get(0).error()));
    }

    // --- named rows -----------------------------------------------------------------------

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();

        // 1. the request's own values, before anything is looked up
        rows.add(row("InstanceId null beats a malformed IpAddress and VlanId", request(null, "not-an-ip", "x", "r1"), refused(MISSING_INSTANCE_ID)));
        rows.add(row("InstanceId empty, nothing else given", request("", null, null, null), refused(MISSING_INSTANCE_ID)));
        for (String ip : new String[]{"", "01.2.3.4", "256.0.0.1", "1.2.3", "1.2.3.4.5", " 10.0.0.1", "10.0.0.1 ", "::1", "10.0.0.-1"}) {
            rows.add(row("IpAddress '" + ip + "' is malformed, before the unknown instance and the bad VlanId",
                    request("i-unknown", ip, "abc", null), refused(MALFORMED_IP_ADDRESS)));
        }
        for (String vlan : new String[]{"", "abc", "0", "4095", "010", "-1", "+1", "1.0", " 10"}) {
            rows.add(row("VlanId '" + vlan + "' is not a VLAN number, before the unknown instance",
                    request("i-unknown", "1.1.1.1", vlan, null), refused(INVALID_VLAN_ID)));
        }
        rows.add(row("VlanId 4094 is a VLAN number, unknown in r1", request("i-1", null, "4094", null), refused(VLAN_NOT_FOUND)));
        rows.add(row("VlanId 1 is a VLAN number, unknown in r1", request("i-1", null, "1", null), refused(VLAN_NOT_FOUND)));

        // 2. the instance
        rows.add(row("unknown instance, before an unknown VLAN and an address in no pool",
                request("i-unknown", "1.1.1.1", "999", null), refused(INSTANCE_NOT_FOUND)));
        rows.add(row("instance IDs are exact: I-1 is not i-1", request("I-1", null, null, null), refused(INSTANCE_NOT_FOUND)));
        rows.add(row("instance of r1 asked for in r2", request("i-1", null, null, "r2"), refused(INSTANCE_NOT_FOUND)));
        rows.add(row("instance of r1 asked for in r1", request("i-1", "10.0.0.2", null, "r1"), allocated("10.0.0.2", 10)));
        rows.add(row("no RegionId: the instance's own region, r2", request("i-r2", null, null, null), allocatedFrom(20)));

        // 3. the instance's state
        for (LockReason reason : new LockReason[]{LockReason.financial, LockReason.recycling, LockReason.dedicatedhostfinancial, LockReason.refunded}) {
            rows.add(row("a " + reason + " lock does not block", instance(allocatable("i-2").lock(reason)),
                    request("i-2", "10.0.0.2", null, null), allocated("10.0.0.2", 10)));
        }
        rows.add(row("security lock beside a financial one", instance(allocatable("i-2").lock(LockReason.financial).lock(LockReason.security)),
                request("i-2", null, null, null), refused(INSTANCE_LOCKED_FOR_SECURITY)));
        rows.add(row("prepaid, expiring exactly now, is expired", instance(allocatable("i-2").prePaid(NOW)),
                request("i-2", null, null, null), refused(INSTANCE_EXPIRED_OR_IN_ARREARS)));
        rows.add(row("prepaid, expiring a second from now, is not", instance(allocatable("i-2").prePaid(NOW.plusSeconds(1))),
                request("i-2", "10.0.0.2", null, null), allocated("10.0.0.2", 10)));
        rows.add(row("prepaid without an expiry time", instance(allocatable("i-2").prePaid(null)),
                request("i-2", "10.0.0.2", null, null), allocated("10.0.0.2", 10)));
        rows.add(row("prepaid and 'in arrears' but not expired: arrears are postpaid's", instance(allocatable("i-2").prePaid(NOW.plusSeconds(60)).inArrears()),
                request("i-2", "10.0.0.2", null, null), allocated("10.0.0.2", 10)));
        rows.add(row("postpaid in arrears, also Stopping", instance(allocatable("i-2").inArrears().status(Status.Stopping)),
                request("i-2", null, null, null), refused(INSTANCE_EXPIRED_OR_IN_ARREARS)));
        rows.add(row("postpaid with a past expiry time but paid: expiry is prepaid's", instance(allocatable("i-2").expiredTime(NOW.minusSeconds(60))),
                request("i-2", "10.0.0.2", null, null), allocated("10.0.0.2", 10)));
        for (Status status : new Status[]{Status.Pending, Status.Starting, Status.Stopping}) {
            rows.add(row(status + " is not Running or Stopped, before a VPC EIP", instance(allocatable("i-2").status(status).vpc("47.1.1.1")),
                    request("i-2", null, null, null), refused(INCORRECT_INSTANCE_STATUS)));
        }
        rows.add(row("Stopped gets an address", instance(allocatable("i-2").status(Status.Stopped)),
                request("i-2", "10.0.0.2", null, null), allocated("10.0.0.2", 10)));

        // 4. the instance's network
        rows.add(row("VPC without an EIP gets an address", instance(allocatable("i-2").vpc(null)),
                request("i-2", "10.0.0.2", null, null), allocated("10.0.0.2", 10)));
        rows.add(row("VPC with a blank EIP has none", instance(allocatable("i-2").vpc("  ")),
                request("i-2", "10.0.0.2", null, null), allocated("10.0.0.2", 10)));
        rows.add(row("classic with an EIP is not the VPC rule", instance(allocatable("i-2").eip("47.1.1.1")),
                request("i-2", "10.0.0.2", null, null), allocated("10.0.0.2", 10)));
        rows.add(row("holding an address, asking for the same one: AllocatedAlready, not IpInUse",
                request("i-holder", "10.0.0.3", null, null), refused(ALLOCATED_ALREADY)));
        rows.add(row("holding an address, asking for another's: AllocatedAlready, not IpInUse",
                holding(allocatable("i-2"), "10.0.0.5"), request("i-holder", "10.0.0.5", null, null), refused(ALLOCATED_ALREADY)));
        rows.add(row("holding an address, asking for a free one", request("i-holder", "10.0.0.2", "10", null), refused(ALLOCATED_ALREADY)));
        rows.add(row("holding an address, asking in a full VLAN: AllocatedAlready, not exhaustion",
                w -> w.fill(11), request("i-holder", null, "11", null), refused(ALLOCATED_ALREADY)));
        rows.add(row("InternetMaxBandwidthOut -1", instance(allocatable("i-2").bandwidth(-1)),
                request("i-2", null, null, null), refused(INVALID_INSTANCE_BANDWIDTH)));
        rows.add(row("InternetMaxBandwidthOut 1 is enough", instance(allocatable("i-2").bandwidth(1)),
                request("i-2", "10.0.0.2", null, null), allocated("10.0.0.2", 10)));

        // 5. the named address and the VLAN
        rows.add(row("VLAN of another region, asked with its own address", request("i-1", "10.0.2.1", "20", null), refused(VLAN_NOT_FOUND)));
        rows.add(row("unknown VLAN beats an address in no pool", request("i-1", "1.1.1.1", "999", null), refused(VLAN_NOT_FOUND)));
        rows.add(row("unknown VLAN beats a held address", request("i-1", "10.0.0.3", "999", null), refused(VLAN_NOT_FOUND)));
        for (String ip : new String[]{"1.1.1.1", "10.0.2.1", "10.0.0.0", "10.0.0.7", "10.0.1.0", "10.0.1.3", "10.0.0.8"}) {
            rows.add(row(ip + " is in no pool of r1 (r2's pool, network and broadcast addresses, past a range)",
                    request("i-1", ip, null, null), refused(ADDRESS_NOT_IN_REGION_POOLS)));
        }
        rows.add(row("address in no pool of the region, with a known VLAN: not InvalidIpAddress.NotFound",
                request("i-1", "10.0.2.1", "10", null), refused(ADDRESS_NOT_IN_REGION_POOLS)));
        rows.add(row("address of VLAN 11 asked in VLAN 10", request("i-1", "10.0.1.1", "10", null), refused(ADDRESS_NOT_IN_VLAN)));
        rows.add(row("held address of VLAN 10 asked in VLAN 11: not in the VLAN beats in use",
                request("i-1", "10.0.0.3", "11", null), refused(ADDRESS_NOT_IN_VLAN)));
        rows.add(row("held address, no VLAN", request("i-1", "10.0.0.3", null, null), refused(IP_IN_USE)));
        rows.add(row("held address, its own VLAN", request("i-1", "10.0.0.3", "10", "r1"), refused(IP_IN_USE)));
        rows.add(row("held address of a full VLAN: IpInUse, not exhaustion", w -> w.fill(11),
                request("i-1", "10.0.1.2", "11", null), refused(IP_IN_USE)));
        rows.add(row("a named free address whatever else is full", w -> {
            w.fill(11);
            w.fillRegion("r2");
        }, request("i-1", "10.0.0.6", "10", null), allocated("10.0.0.6", 10)));

        // 6. any free address
        rows.add(row("VLAN 11 full", w -> w.fill(11), request("i-1", null, "11", null), refused(VLAN_EXHAUSTED)));
        rows.add(row("VLAN 11 full, no VLAN asked: VLAN 10 has room", w -> w.fill(11), request("i-1", null, null, null), allocatedFrom(10)));
        rows.add(row("r1 full, VLAN 10 asked: the VLAN's answer", w -> w.fillRegion("r1"), request("i-1", null, "10", null), refused(VLAN_EXHAUSTED)));
        rows.add(row("r1 full", w -> w.fillRegion("r1"), request("i-1", null, null, null), refused(REGION_EXHAUSTED)));
        rows.add(row("r1 full while r2 has room: no address of another region", w -> w.fillRegion("r1"),
                request("i-1", null, null, "r1"), refused(REGION_EXHAUSTED)));
        rows.add(row("r1 full, VLAN 20 of r2 asked: unknown VLAN beats exhaustion", w -> w.fillRegion("r1"),
                request("i-1", null, "20", null), refused(VLAN_NOT_FOUND)));
        rows.add(row("r2 full, an instance of r1 still gets one", w -> w.fillRegion("r2"), request("i-1", null, null, null), allocatedFrom(10, 11)));

        // 7. the gateway, last
        rows.add(row("gateway fails to allocate a named address", w -> w.gateway.failNext(Stage.ALLOCATE),
                request("i-1", "10.0.0.2", null, null), refused(GATEWAY_ALLOCATE_FAILED)));
        rows.add(row("gateway fails to bind a named address: the binding goes too", w -> w.gateway.failNext(Stage.BIND),
                request("i-1", "10.0.0.2", null, null), refused(GATEWAY_BINDING_FAILED)));
        rows.add(row("gateway fails to allocate any address of the region", w -> w.gateway.failNext(Stage.ALLOCATE),
                request("i-1", null, null, null), refused(GATEWAY_ALLOCATE_FAILED)));
        rows.add(row("gateway fails to bind any address of a VLAN", w -> w.gateway.failNext(Stage.BIND),
                request("i-1", null, "11", null), refused(GATEWAY_BINDING_FAILED)));
        rows.add(row("a gateway fault armed for another instance does not fire", w -> w.gateway.failNextFor("i-r2", Stage.BIND),
                request("i-1", "10.0.0.2", null, null), allocated("10.0.0.2", 10)));

        // what succeeds
        rows.add(row("named address, VLAN and region", request("i-1", "10.0.1.2", "11", "r1"), allocated("10.0.1.2", 11)));
        rows.add(row("named address: the VLAN is found from it", request("i-1", "10.0.1.1", null, null), allocated("10.0.1.1", 11)));
        rows.add(row("named address, last usable of its range", request("i-1", "10.0.0.6", null, null), allocated("10.0.0.6", 10)));
        rows.add(row("any address of VLAN 11", request("i-1", null, "11", null), allocatedFrom(11)));
        rows.add(row("any address of r1", request("i-1", null, null, null), allocatedFrom(10, 11)));
        rows.add(row("the one address left in r1", w -> {
            w.fill(11);
            holding(allocatable("i-a"), "10.0.0.1").accept(w);
            holding(allocatable("i-b"), "10.0.0.2").accept(w);
            holding(allocatable("i-c"), "10.0.0.4").accept(w);
            holding(allocatable("i-d"), "10.0.0.6").accept(w);
        }, request("i-1", null, null, null), allocated("10.0.0.5", 10)));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"cascades", "rows"})
    void allocation(Row row) {
        InMemoryWorld world = world();
        row.given().accept(world);
        Map<Ipv4Address, Holding> heldBefore = world.pool.holdings();
        Map<Ipv4Address, String> boundBefore = world.gateway.bindings();
        Set<Ipv4Address> freeBefore = new HashSet<>();
        world.pool.vlansOf("r1").forEach(v -> freeBefore.addAll(world.pool.freeIn(v)));
        world.pool.vlansOf("r2").forEach(v -> freeBefore.addAll(world.pool.freeIn(v)));

        if (row.answer() instanceof Refused refused) {
            AllocationException e = assertThrows(AllocationException.class, () -> world.allocate(row.request()), row.name());
            assertEquals(refused.error(), e.error(), row + ": the answer");
            assertEquals(heldBefore, world.pool.holdings(), row + ": a refusal holds nothing");
            assertEquals(boundBefore, world.gateway.bindings(), row + ": a refusal binds nothing");
            boolean gateway = refused.error() == GATEWAY_ALLOCATE_FAILED || refused.error() == GATEWAY_BINDING_FAILED;
            assertEquals(gateway ? 1 : 0, world.gateway.bindCalls(), row + ": the gateway is the last step");
            boolean requestValues = Set.of(MISSING_INSTANCE_ID, MALFORMED_IP_ADDRESS, INVALID_VLAN_ID).contains(refused.error());
            assertEquals(requestValues ? List.of() : List.of(row.request().instanceId()), world.instances.lookedUp(),
                    row + ": the request's values are checked before the instance is looked up (and locked), once");
            return;
        }
        Allocation allocation = assertDoesNotThrow(() -> world.allocate(row.request()), row.name());
        String instanceId = row.request().instanceId();
        String region = world.pool.regionOf(allocation.vlanId());
        if (row.answer() instanceof Allocated exact) {
            assertEquals(exact.address(), allocation.address().toString(), row + ": the address");
            assertEquals(exact.vlanId(), allocation.vlanId(), row + ": the VLAN");
        } else if (row.answer() instanceof AllocatedFrom from) {
            assertTrue(from.vlanIds().contains(allocation.vlanId()), row + ": VLAN " + allocation.vlanId() + " not in " + from.vlanIds());
            assertTrue(freeBefore.contains(allocation.address()), row + ": " + allocation.address() + " was not free");
        }
        assertEquals(new Allocation(allocation.address(), region, allocation.vlanId(), instanceId, NOW), allocation, row.name());
        assertEquals(List.of(instanceId), world.instances.lookedUp(), row.name());
        assertEquals(world.pool.holdings().get(allocation.address()).vlanId(), allocation.vlanId(), row + ": the VLAN is the address's");
        Map<Ipv4Address, Holding> held = new HashMap<>(heldBefore);
        held.put(allocation.address(), new Holding(allocation.address(), allocation.vlanId(), instanceId, NOW));
        assertEquals(held, world.pool.holdings(), row + ": exactly the address is held, by the instance");
        Map<Ipv4Address, String> bound = new HashMap<>(boundBefore);
        bound.put(allocation.address(), instanceId);
        assertEquals(bound, world.gateway.bindings(), row + ": exactly the address is bound, to the instance");
    }

    // --- state over several calls ---------------------------------------------------------

    @Test
    void aReleasedAddressGoesToTheNextAllocation() {
        InMemoryWorld world = world();
        world.add(allocatable("i-2"));
        assertEquals("10.0.1.1", world.allocate(request("i-1", "10.0.1.1", null, null)).address().toString());
        assertEquals(IP_IN_USE, assertThrows(AllocationException.class, () -> world.allocate(request("i-2", "10.0.1.1", null, null))).error());
        assertEquals(ALLOCATED_ALREADY, assertThrows(AllocationException.class, () -> world.allocate(request("i-1", null, null, null))).error());

        assertEquals(Ipv4Address.of("10.0.1.1"), world.release(new ReleaseRequest("10.0.1.1", "i-1", null, null)));
        assertEquals("10.0.1.1", world.allocate(request("i-2", "10.0.1.1", "11", null)).address().toString());
        assertEquals(10, world.allocate(request("i-1", null, "10", null)).vlanId(), "i-1 holds nothing any more");
        assertEquals(Map.of(Ipv4Address.of("10.0.1.1"), "i-2"), filter(world.gateway.bindings(), "10.0.1.1"));
    }

    @Test
    void aFullVlanHasRoomAgainAfterARelease() {
        InMemoryWorld world = world();
        world.add(allocatable("i-2"));
        world.add(allocatable("i-3"));
        Set<String> got = new HashSet<>();
        got.add(world.allocate(request("i-1", null, "11", null)).address().toString());
        got.add(world.allocate(request("i-2", null, "11", null)).address().toString());
        assertEquals(Set.of("10.0.1.1", "10.0.1.2"), got);
        assertEquals(VLAN_EXHAUSTED, assertThrows(AllocationException.class, () -> world.allocate(request("i-3", null, "11", null))).error());

        world.release(new ReleaseRequest("10.0.1.2", null, "r1", null));
        assertEquals("10.0.1.2", world.allocate(request("i-3", null, "11", null)).address().toString());
    }

    @Test
    void dynamicPicksFillTheRegionWithoutRepeats() {
        InMemoryWorld world = world();
        Set<Ipv4Address> got = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            String id = "i-n" + i;
            world.add(allocatable(id));
            got.add(world.allocate(request(id, null, null, null)).address());
        }
        assertEquals(7, got.size(), "seven distinct addresses: " + got);
        assertFalse(got.contains(Ipv4Address.of("10.0.0.3")), "i-holder's address is not handed out");
        world.add(allocatable("i-last"));
        assertEquals(REGION_EXHAUSTED, assertThrows(AllocationException.class, () -> world.allocate(request("i-last", null, null, null))).error());
        assertEquals(8, world.pool.holdings().values().stream().filter(h -> world.pool.regionOf(h.vlanId()).equals("r1")).count());
    }

    @Test
    void aGatewayFailureRollsBackAndTheRetrySucceeds() {
        InMemoryWorld world = world();
        world.gateway.failNextFor("i-1", Stage.BIND);
        assertEquals(GATEWAY_BINDING_FAILED, assertThrows(AllocationException.class,
                () -> world.allocate(request("i-1", "10.0.0.2", null, null))).error());
        assertTrue(world.pool.addressOf("i-1").isEmpty());
        assertEquals(0, world.gateway.armedFaults(), "the rollback does not re-arm the fault");
        assertEquals("10.0.0.2", world.allocate(request("i-1", "10.0.0.2", null, null)).address().toString());
        assertEquals("i-1", world.gateway.bindings().get(Ipv4Address.of("10.0.0.2")));
    }

    @Test
    void aRefusalAfterTheReservationLeavesNothing() {
        // the reservation is made before the gateway fails: only the rollback takes it away
        InMemoryWorld world = world();
        world.gateway.failNext(Stage.ALLOCATE);
        assertThrows(AllocationException.class, () -> world.allocate(request("i-1", null, "11", null)));
        assertEquals(1, world.transactions.rollbacks());
        assertEquals(2, world.pool.freeIn(11).size());
    }

    private static Map<Ipv4Address, String> filter(Map<Ipv4Address, String> bindings, String address) {
        Map<Ipv4Address, String> only = new HashMap<>(bindings);
        only.keySet().retainAll(Set.of(Ipv4Address.of(address)));
        return only;
    }
}
