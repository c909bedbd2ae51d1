package io.publicip.allocation;

import io.publicip.allocation.Instance.LockReason;
import io.publicip.allocation.fakes.InMemoryAddressPool.Holding;
import io.publicip.allocation.fakes.InMemoryWorld;
import io.publicip.allocation.fakes.InstanceBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.publicip.allocation.ReleaseError.*;
import static io.publicip.allocation.fakes.InstanceBuilder.allocatable;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The rules of ReleasePublicIpAddress and their order (the contract's description in
 * {@code api-spec/.../ecs-release-public-ip.yaml}), over in-memory ports, built as
 * {@link AllocationRuleOrderTest} is: cascades that break each rule alone and together with
 * every later one, then named rows. Every row starts from {@link InMemoryWorld#standard()} plus
 * i-1 (allocatable, r1, holding nothing), i-holder (r1, holding 10.0.0.3) and i-r2 (r2, holding
 * 10.0.2.3).
 */
class ReleaseRuleOrderTest {

    sealed interface Answer permits Refused, Released {
    }

    record Refused(ReleaseError error) implements Answer {
    }

    /** The address released, and the instance that held it. */
    record Released(String address, String holder) implements Answer {
    }

    record Row(String name, Consumer<InMemoryWorld> given, ReleaseRequest request, Answer answer) {
        @Override
        public String toString() {
            return name;
        }
    }

    static ReleaseRequest request(String address, String instanceId, String regionId, String dryRun) {
        return new ReleaseRequest(address, instanceId, regionId, dryRun);
    }

    static Row row(String name, ReleaseRequest request, Answer answer) {
        return new Row(name, world -> { }, request, answer);
    }

    static Row row(String name, Consumer<InMemoryWorld> given, ReleaseRequest request, Answer answer) {
        return new Row(name, given, request, answer);
    }

    static Refused refused(ReleaseError error) {
        return new Refused(error);
    }

    static Released released(String address, String holder) {
        return new Released(address, holder);
    }

    static Consumer<InMemoryWorld> holding(InstanceBuilder instance, String address) {
        return world -> world.give(address, world.add(instance).instanceId());
    }

    static InMemoryWorld world() {
        InMemoryWorld world = InMemoryWorld.standard();
        world.add(allocatable("i-1"));
        holding(allocatable("i-holder"), "10.0.0.3").accept(world);
        holding(allocatable("i-r2").region("r2"), "10.0.2.3").accept(world);
        return world;
    }

    // --- cascades -------------------------------------------------------------------------

    /** i-x holds 10.0.0.4 and the request releases it, until breaches change that. */
    static final class Scenario {
        String address = "10.0.0.4";
        String instanceId;
        String regionId;
        String dryRun;
        final InstanceBuilder instance = allocatable("i-x");

        Scenario(boolean named) {
            instanceId = named ? "i-x" : null;
        }

        void given(InMemoryWorld world) {
            holding(instance, "10.0.0.4").accept(world);
        }
    }

    record Breach(ReleaseError error, String how, Consumer<Scenario> apply) {
    }

    static Breach breach(ReleaseError error, String how, Consumer<Scenario> apply) {
        return new Breach(error, how, apply);
    }

    static final Breach MISSING = breach(MISSING_PUBLIC_IP_ADDRESS, "PublicIpAddress empty", s -> s.address = "");
    static final Breach MALFORMED = breach(MALFORMED_PUBLIC_IP_ADDRESS, "PublicIpAddress 10.0.0.04", s -> s.address = "10.0.0.04");
    static final Breach LOCKED = breach(INSTANCE_LOCKED_FOR_SECURITY, "i-x locked for security", s -> s.instance.lock(LockReason.security));
    static final Breach DRY = breach(DRY_RUN, "DryRun true", s -> s.dryRun = "true");

    /** With InstanceId i-x. */
    static final List<Breach> NAMED = List.of(MISSING, MALFORMED,
            breach(INSTANCE_NOT_FOUND, "RegionId r2 for i-x of r1", s -> s.regionId = "r2"),
            LOCKED,
            breach(ADDRESS_NOT_HELD, "PublicIpAddress 10.0.0.3, i-holder's", s -> s.address = "10.0.0.3"),
            DRY);

    /** Without InstanceId: the holder of the address is the instance. */
    static final List<Breach> HOLDER = List.of(MISSING, MALFORMED,
            breach(ADDRESS_NOT_HELD, "RegionId r2 for a holder of r1", s -> s.regionId = "r2"),
            LOCKED,
            DRY);

    static Stream<Row> cascades() {
        Map<String, Row> rows = new LinkedHashMap<>();
        cascade("InstanceId given", true, NAMED, rows);
        cascade("no InstanceId", false, HOLDER, rows);
        return rows.values().stream();
    }

    private static void cascade(String path, boolean named, List<Breach> rules, Map<String, Row> rows) {
        for (int k = 0; k < rules.size(); k++) {
            Breach first = rules.get(k);
            String alone = "[" + path + "] " + first.error() + " alone: " + first.how();
            rows.put(alone, scenarioRow(alone, named, List.of(first)));
            if (k < rules.size() - 1) {
                List<Breach> suffix = rules.subList(k, rules.size());
                String all = "[" + path + "] " + first.error() + " (" + first.how() + ") with every later rule broken: "
                        + suffix.stream().skip(1).map(b -> b.error().name()).toList();
                rows.put(all, scenarioRow(all, named, suffix));
            }
        }
        String none = "[" + path + "] no rule broken";
        rows.put(none, scenarioRow(none, named, List.of()));
    }

    private static Row scenarioRow(String name, boolean named, List<Breach> breaches) {
        Scenario scenario = new Scenario(named);
        for (int i = breaches.size() - 1; i >= 0; i--) {
            breaches.get(i).apply().accept(scenario);
        }
        Answer answer = breaches.isEmpty() ? released("10.0.0.4", "i-x") : refused(breaches.get(0).error());
        return row(name, scenario::given, request(scenario.address, scenario.instanceId, scenario.regionId, scenario.dryRun), answer);
    }

    // --- named rows -----------------------------------------------------------------------

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();

        // 1. the request's own values
        rows.add(row("PublicIpAddress null, with an unknown instance", request(null, "i-unknown", "r9", "true"), refused(MISSING_PUBLIC_IP_ADDRESS)));
        for (String ip : new String[]{"112.124.010.1", "256.1.1.1", "::1", "10.0.0.3 ", "10.0.0", "x"}) {
            rows.add(row("PublicIpAddress '" + ip + "' is malformed, before the unknown instance",
                    request(ip, "i-unknown", null, null), refused(MALFORMED_PUBLIC_IP_ADDRESS)));
        }

        // 2. the instance, named or found as the holder
        rows.add(row("unknown instance, free address", request("10.0.0.2", "i-unknown", null, null), refused(INSTANCE_NOT_FOUND)));
        rows.add(row("unknown instance, held address: not found beats not held", request("10.0.0.3", "i-unknown", null, null), refused(INSTANCE_NOT_FOUND)));
        rows.add(row("InstanceId empty is none: the holder's address is released", request("10.0.0.3", "", null, null), released("10.0.0.3", "i-holder")));
        rows.add(row("no InstanceId, free address of a pool", request("10.0.0.2", null, null, null), refused(ADDRESS_NOT_HELD)));
        rows.add(row("no InstanceId, address in no pool", request("8.8.8.8", null, null, null), refused(ADDRESS_NOT_HELD)));
        rows.add(row("no InstanceId, holder of another region", request("10.0.2.3", null, "r1", null), refused(ADDRESS_NOT_HELD)));
        rows.add(row("no InstanceId, holder unknown to the directory", w -> w.pool.hold("10.0.0.5", "i-gone", InMemoryWorld.NOW),
                request("10.0.0.5", null, null, null), refused(ADDRESS_NOT_HELD)));

        // 3. the instance's state
        rows.add(row("named instance locked, address not its own: locked beats not held",
                w -> w.add(allocatable("i-locked").lock(LockReason.security)), request("10.0.0.3", "i-locked", null, "true"), refused(INSTANCE_LOCKED_FOR_SECURITY)));
        rows.add(row("holder locked, found without InstanceId",
                holding(allocatable("i-locked").lock(LockReason.security), "10.0.0.5"), request("10.0.0.5", null, null, null), refused(INSTANCE_LOCKED_FOR_SECURITY)));
        rows.add(row("a financial lock does not block a release",
                holding(allocatable("i-fin").lock(LockReason.financial).status(Instance.Status.Pending), "10.0.0.5"),
                request("10.0.0.5", "i-fin", null, null), released("10.0.0.5", "i-fin")));

        // 4. the address must be the instance's
        rows.add(row("named instance holds nothing", request("10.0.0.3", "i-1", null, null), refused(ADDRESS_NOT_HELD)));
        rows.add(row("named instance holds nothing, free address", request("10.0.0.2", "i-1", null, null), refused(ADDRESS_NOT_HELD)));
        rows.add(row("named instance holds another address", request("10.0.0.3", "i-r2", null, null), refused(ADDRESS_NOT_HELD)));
        rows.add(row("not held beats DryRun", request("10.0.0.3", "i-1", null, "true"), refused(ADDRESS_NOT_HELD)));

        // 5. DryRun
        for (String dryRun : new String[]{"true", "TRUE", "True"}) {
            rows.add(row("DryRun " + dryRun + " releases nothing", request("10.0.0.3", "i-holder", null, dryRun), refused(DRY_RUN)));
        }
        rows.add(row("DryRun without InstanceId", request("10.0.0.3", null, null, "true"), refused(DRY_RUN)));
        for (String dryRun : new String[]{"false", ""}) {
            rows.add(row("DryRun '" + dryRun + "' releases", request("10.0.0.3", "i-holder", null, dryRun), released("10.0.0.3", "i-holder")));
        }

        // what succeeds
        rows.add(row("named instance and its region", request("10.0.0.3", "i-holder", "r1", null), released("10.0.0.3", "i-holder")));
        rows.add(row("the holder of r2, in r2", request("10.0.2.3", null, "r2", null), released("10.0.2.3", "i-r2")));
        rows.add(row("a holder that is Pending and in arrears: allocation's state rules do not apply",
                holding(allocatable("i-odd").status(Instance.Status.Pending).inArrears().bandwidth(0), "10.0.1.1"),
                request("10.0.1.1", null, null, null), released("10.0.1.1", "i-odd")));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"cascades", "rows"})
    void release(Row row) {
        InMemoryWorld world = world();
        row.given().accept(world);
        Map<Ipv4Address, Holding> heldBefore = world.pool.holdings();
        Map<Ipv4Address, String> boundBefore = world.gateway.bindings();

        if (row.answer() instanceof Refused refused) {
            ReleaseException e = assertThrows(ReleaseException.class, () -> world.release(row.request()), row.name());
            assertEquals(refused.error(), e.error(), row + ": the answer");
            assertEquals(heldBefore, world.pool.holdings(), row + ": a refusal releases nothing");
            assertEquals(boundBefore, world.gateway.bindings(), row + ": a refusal unbinds nothing");
            if (refused.error() == MISSING_PUBLIC_IP_ADDRESS || refused.error() == MALFORMED_PUBLIC_IP_ADDRESS) {
                assertEquals(List.of(), world.instances.lookedUp(), row + ": the request's values are checked before any instance is looked up");
            }
            return;
        }
        Released released = (Released) row.answer();
        Ipv4Address address = Ipv4Address.of(released.address());
        assertEquals(address, assertDoesNotThrow(() -> world.release(row.request()), row.name()), row + ": the address released");
        assertEquals(List.of(released.holder()), world.instances.lookedUp(), row + ": the holder is looked up (and locked), once");
        Map<Ipv4Address, Holding> held = new HashMap<>(heldBefore);
        assertEquals(released.holder(), held.remove(address).instanceId(), row.name());
        assertEquals(held, world.pool.holdings(), row + ": exactly the address is free again");
        Map<Ipv4Address, String> bound = new HashMap<>(boundBefore);
        assertEquals(released.holder(), bound.remove(address), row.name());
        assertEquals(bound, world.gateway.bindings(), row + ": exactly the address's binding is gone");
    }
}
