package io.publicip.e2e;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.publicip.client.model.AllocatePublicIpAddressResponse;
import io.publicip.client.operator.model.Allocation;
import io.publicip.client.operator.model.AllocationPage;
import io.publicip.client.operator.model.GatewayFault;
import io.publicip.client.operator.model.GatewayFaultSpec;
import io.publicip.client.operator.model.Instance;
import io.publicip.client.operator.model.InventoryDocument;
import io.publicip.client.operator.model.LockReason;
import io.publicip.client.operator.model.Problem;
import io.publicip.client.operator.model.Vlan;
import io.publicip.client.operator.model.VlanView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/** Every operator endpoint over HTTP, through the operator client generated from its contract. */
class OperatorApiTest extends E2eTest {

    @BeforeEach
    void empty() {
        assertEquals(204, state.resetState("empty").code());
    }

    static Instance running(String id, String region) {
        return new Instance(id, region, Instance.StatusEnum.RUNNING, Instance.NetworkTypeEnum.CLASSIC, 5, Instance.ChargeTypeEnum.POST_PAID);
    }

    String allocate(String instanceId, String ip, String vlan) {
        HttpResponse<AllocatePublicIpAddressResponse> ok = ecs.allocatePublicIpAddress("AllocatePublicIpAddress", instanceId, ip, vlan,
                null, "JSON", null, null, null, null, null, null, null);
        assertEquals(200, ok.code());
        return ok.body().getIpAddress();
    }

    String refusal(String instanceId, String ip, String vlan) {
        try {
            HttpResponse<AllocatePublicIpAddressResponse> r = ecs.allocatePublicIpAddress("AllocatePublicIpAddress", instanceId, ip, vlan,
                    null, "JSON", null, null, null, null, null, null, null);
            return r.getBody(io.publicip.client.model.ErrorResponse.class).map(e -> e.getCode()).orElse("HTTP " + r.code());
        } catch (HttpClientResponseException e) {
            return e.getResponse().getBody(io.publicip.client.model.ErrorResponse.class).orElseThrow().getCode();
        }
    }

    /** The operator call fails with this status and an RFC 7807 problem. */
    Problem problem(HttpStatus status, Supplier<HttpResponse<?>> call) {
        try {
            HttpResponse<?> response = call.get();
            assertEquals(status.getCode(), response.code());
            assertEquals("application/problem+json", response.getContentType().orElseThrow().toString());
            return response.getBody(Problem.class).orElseThrow();
        } catch (HttpClientResponseException e) {
            assertEquals(status, e.getStatus(), e.getResponse().getBody(String.class).orElse(""));
            assertEquals("application/problem+json", e.getResponse().getContentType().orElseThrow().toString());
            Problem problem = e.getResponse().getBody(Problem.class).orElseThrow();
            assertEquals(status.getCode(), problem.getStatus());
            assertNotNull(problem.getDetail());
            return problem;
        }
    }

    /**
     * What the generated client will not send (it validates bodies itself): raw JSON, checked
     * by the server.
     */
    void raw(HttpStatus status, String method, String path, String json) {
        var response = rawOperator(method, path, json);
        assertEquals(status.getCode(), response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.body().contains("\"status\":" + status.getCode()), response.body());
        assertTrue(response.body().contains("\"detail\":"), response.body());
        assertFalse(response.body().contains("Exception"), response.body());
    }

    static final String INSTANCE_JSON = "{\"instanceId\":\"i-a\",\"regionId\":\"r1\",\"status\":\"Running\","
            + "\"networkType\":\"classic\",\"internetMaxBandwidthOut\":5,\"chargeType\":\"PostPaid\"%s}";

    @Test
    void instancesCreateReadListReplaceDelete() {
        assertEquals(200, instances.putInstance("i-a", running("i-a", "r1")).code());
        assertEquals(200, instances.putInstance("i-b", running("i-b", "r2").status(Instance.StatusEnum.STOPPED)).code());
        Instance a = instances.getInstance("i-a").body();
        assertEquals("r1", a.getRegionId());
        assertEquals(Instance.PublicIpStatusEnum.NONE, a.getPublicIpStatus());

        assertEquals(List.of("i-a", "i-b"), instances.listInstances(null, null).body().getInstances().stream().map(Instance::getInstanceId).toList());
        assertEquals(List.of("i-b"), instances.listInstances("r2", null).body().getInstances().stream().map(Instance::getInstanceId).toList());
        assertEquals(List.of("i-a"), instances.listInstances(null, "Running").body().getInstances().stream().map(Instance::getInstanceId).toList());

        Instance replaced = instances.putInstance("i-a", running("i-a", "r1").internetMaxBandwidthOut(0)
                .operationLocks(Set.of(LockReason.SECURITY))).body();
        assertEquals(0, replaced.getInternetMaxBandwidthOut());
        assertEquals(Set.of(LockReason.SECURITY), replaced.getOperationLocks());

        assertEquals(204, instances.deleteInstance("i-a").code());
        problem(HttpStatus.NOT_FOUND, () -> instances.getInstance("i-a"));
        problem(HttpStatus.NOT_FOUND, () -> instances.deleteInstance("i-a"));
    }

    @Test
    void invalidInstancesAreRefusedAndChangeNothing() {
        problem(HttpStatus.BAD_REQUEST, () -> instances.putInstance("i-a", running("i-other", "r1")));
        raw(HttpStatus.BAD_REQUEST, "PUT", "/v1/instances/i-a", INSTANCE_JSON.formatted(",\"eipAddress\":\"300.1.1.1\""));
        raw(HttpStatus.BAD_REQUEST, "PUT", "/v1/instances/i-a", INSTANCE_JSON.replace(":5,", ":-1,").formatted(""));
        raw(HttpStatus.BAD_REQUEST, "PUT", "/v1/instances/i-a", INSTANCE_JSON.replace("Running", "Flying").formatted(""));
        raw(HttpStatus.BAD_REQUEST, "PUT", "/v1/instances/i-a", INSTANCE_JSON.formatted(",\"operationLocks\":[\"tired\"]"));
        raw(HttpStatus.BAD_REQUEST, "PUT", "/v1/instances/i-a", "{\"instanceId\":\"i-a\",");
        raw(HttpStatus.BAD_REQUEST, "PUT", "/v1/instances/i-a", "{\"instanceId\":\"i-a\"}");
        problem(HttpStatus.BAD_REQUEST, () -> instances.listInstances(null, "Flying"));
        assertTrue(instances.listInstances(null, null).body().getInstances().isEmpty());
    }

    @Test
    void lifecycleMakesTheAddressTakeEffect() {
        vlans.createVlan(new Vlan(10, "r1", List.of("10.0.0.0/29")));
        instances.putInstance("i-a", running("i-a", "r1"));
        String ip = allocate("i-a", null, null);
        Instance pending = instances.getInstance("i-a").body();
        assertEquals(ip, pending.getPublicIpAddress());
        assertEquals(Instance.PublicIpStatusEnum.PENDING, pending.getPublicIpStatus());

        assertEquals(Instance.PublicIpStatusEnum.IN_EFFECT, instances.rebootInstance("i-a").body().getPublicIpStatus());
        assertEquals(Instance.StatusEnum.STOPPED, instances.stopInstance("i-a").body().getStatus());
        problem(HttpStatus.CONFLICT, () -> instances.stopInstance("i-a"));
        problem(HttpStatus.CONFLICT, () -> instances.rebootInstance("i-a"));
        Instance started = instances.startInstance("i-a").body();
        assertEquals(Instance.StatusEnum.RUNNING, started.getStatus());
        assertEquals(Instance.PublicIpStatusEnum.IN_EFFECT, started.getPublicIpStatus());
        problem(HttpStatus.CONFLICT, () -> instances.startInstance("i-a"));
        problem(HttpStatus.NOT_FOUND, () -> instances.startInstance("i-none"));

        // a stopped instance's new address takes effect when it starts
        instances.putInstance("i-b", running("i-b", "r1").status(Instance.StatusEnum.STOPPED));
        allocate("i-b", null, null);
        assertEquals(Instance.PublicIpStatusEnum.PENDING, instances.getInstance("i-b").body().getPublicIpStatus());
        assertEquals(Instance.PublicIpStatusEnum.IN_EFFECT, instances.startInstance("i-b").body().getPublicIpStatus());
    }

    @Test
    void vlansWithUsage() {
        VlanView created = vlans.createVlan(new Vlan(10, "r1", List.of("10.0.0.0/29", "10.0.1.0/31"))).body();
        assertEquals(8, created.getUsage().getTotal(), "6 of the /29 without network and broadcast, 2 of the /31");
        vlans.createVlan(new Vlan(20, "r2", List.of("10.0.2.0/24")));
        assertEquals(List.of(10, 20), vlans.listVlans(null).body().getVlans().stream().map(VlanView::getVlanId).toList());
        assertEquals(List.of(20), vlans.listVlans("r2").body().getVlans().stream().map(VlanView::getVlanId).toList());

        instances.putInstance("i-a", running("i-a", "r1"));
        allocate("i-a", "10.0.1.1", "10");
        VlanView used = vlans.getVlan(10).body();
        assertEquals(List.of("10.0.0.0/29", "10.0.1.0/31"), used.getCidrs());
        assertEquals(1, used.getUsage().getAllocated());
        assertEquals(7, used.getUsage().getFree());

        problem(HttpStatus.CONFLICT, () -> vlans.deleteVlan(10));
        assertEquals(204, allocations.releaseAllocation("10.0.1.1").code());
        assertEquals(0, vlans.getVlan(10).body().getUsage().getAllocated());
        assertEquals(204, vlans.deleteVlan(10).code());
        problem(HttpStatus.NOT_FOUND, () -> vlans.getVlan(10));
        problem(HttpStatus.NOT_FOUND, () -> vlans.deleteVlan(10));
    }

    @Test
    void invalidVlansAreRefusedAndChangeNothing() {
        vlans.createVlan(new Vlan(10, "r1", List.of("10.0.0.0/24")));
        problem(HttpStatus.CONFLICT, () -> vlans.createVlan(new Vlan(11, "r1", List.of("10.0.0.128/25"))));
        problem(HttpStatus.CONFLICT, () -> vlans.createVlan(new Vlan(10, "r1", List.of("10.9.0.0/24"))));
        problem(HttpStatus.BAD_REQUEST, () -> vlans.createVlan(new Vlan(12, "r1", List.of("10.1.0.0/24", "10.1.0.0/25"))));
        raw(HttpStatus.BAD_REQUEST, "POST", "/v1/vlans", "{\"vlanId\":0,\"regionId\":\"r1\",\"cidrs\":[\"10.2.0.0/24\"]}");
        raw(HttpStatus.BAD_REQUEST, "POST", "/v1/vlans", "{\"vlanId\":4095,\"regionId\":\"r1\",\"cidrs\":[\"10.2.0.0/24\"]}");
        raw(HttpStatus.BAD_REQUEST, "POST", "/v1/vlans", "{\"vlanId\":13,\"regionId\":\"r1\",\"cidrs\":[\"10.2.0.1/24\"]}");
        raw(HttpStatus.BAD_REQUEST, "POST", "/v1/vlans", "{\"vlanId\":13,\"regionId\":\"r1\",\"cidrs\":[\"2001:db8::/64\"]}");
        raw(HttpStatus.BAD_REQUEST, "POST", "/v1/vlans", "{\"vlanId\":13,\"regionId\":\"r1\",\"cidrs\":[]}");
        raw(HttpStatus.BAD_REQUEST, "POST", "/v1/vlans", "{\"vlanId\":\"x\",\"regionId\":\"r1\",\"cidrs\":[\"10.2.0.0/24\"]}");
        raw(HttpStatus.BAD_REQUEST, "POST", "/v1/vlans", "not json");
        assertEquals(List.of(10), vlans.listVlans(null).body().getVlans().stream().map(VlanView::getVlanId).toList());
    }

    @Test
    void largePoolsAreCheap() {
        // a /12: about a million addresses, stored as 4,096 blocks
        VlanView big = vlans.createVlan(new Vlan(300, "r1", List.of("10.128.0.0/12"))).body();
        assertEquals((1L << 20) - 2, big.getUsage().getTotal());
        instances.putInstance("i-a", running("i-a", "r1"));
        assertTrue(allocate("i-a", null, "300").startsWith("10."));
        assertEquals(1, vlans.getVlan(300).body().getUsage().getAllocated());
    }

    @Test
    void allocationsArePagedFilteredAndReleased() {
        vlans.createVlan(new Vlan(10, "r1", List.of("10.0.0.0/28")));
        vlans.createVlan(new Vlan(20, "r2", List.of("10.0.2.0/28")));
        for (int i = 0; i < 7; i++) {
            instances.putInstance("i-" + i, running("i-" + i, i < 5 ? "r1" : "r2"));
            allocate("i-" + i, null, null);
        }
        List<Allocation> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            AllocationPage page = allocations.listAllocations(null, null, null, 3, token).body();
            all.addAll(page.getAllocations());
            token = page.getNextPageToken();
            pages++;
        } while (token != null);
        assertEquals(3, pages);
        assertEquals(7, all.size());
        assertEquals(7, new HashSet<>(all.stream().map(Allocation::getIpAddress).toList()).size());
        assertEquals(5, allocations.listAllocations(10, null, null, null, null).body().getAllocations().size());
        assertEquals(2, allocations.listAllocations(null, null, "r2", null, null).body().getAllocations().size());
        Allocation one = allocations.listAllocations(null, "i-3", null, null, null).body().getAllocations().get(0);
        assertEquals("i-3", one.getInstanceId());
        assertEquals(10, one.getVlanId());
        problem(HttpStatus.BAD_REQUEST, () -> allocations.listAllocations(null, null, null, 0, null));
        problem(HttpStatus.BAD_REQUEST, () -> allocations.listAllocations(null, null, null, null, "not-a-token"));

        // the latest first, as the dashboard shows them
        List<Allocation> recent = allocations.listRecentAllocations(3).body().getAllocations();
        assertEquals(List.of("i-6", "i-5", "i-4"), recent.stream().map(Allocation::getInstanceId).toList());
        assertEquals(7, allocations.listRecentAllocations(null).body().getAllocations().size());
        problem(HttpStatus.BAD_REQUEST, () -> allocations.listRecentAllocations(0));
        problem(HttpStatus.BAD_REQUEST, () -> allocations.listRecentAllocations(101));

        // release: the instance no longer holds it, and a later request gets it again
        assertEquals(204, allocations.releaseAllocation(one.getIpAddress()).code());
        assertNull(instances.getInstance("i-3").body().getPublicIpAddress());
        assertEquals(204, allocations.releaseAllocation(one.getIpAddress()).code(), "releasing a free address is a no-op");
        problem(HttpStatus.NOT_FOUND, () -> allocations.releaseAllocation("192.0.2.1"));
        problem(HttpStatus.BAD_REQUEST, () -> allocations.releaseAllocation("10.0.0.999"));
        instances.putInstance("i-new", running("i-new", "r1"));
        assertEquals(one.getIpAddress(), allocate("i-new", one.getIpAddress(), null));
        assertEquals("AllocatedAlready", refusal("i-new", null, null));
    }

    @Test
    void aGatewayFaultFiresOnceLeavesNothingAndTheNextRequestSucceeds() {
        vlans.createVlan(new Vlan(10, "r1", List.of("10.0.0.0/29")));
        instances.putInstance("i-a", running("i-a", "r1"));
        GatewayFault armed = faults.armGatewayFault(new GatewayFaultSpec(1)
                .failure(GatewayFaultSpec.FailureEnum.NAT_PUBLIC_IP_BINDING_FAILED).instanceId("i-a").latencyMs(20)).body();
        assertEquals(1, armed.getRemaining());
        assertEquals(1, faults.listGatewayFaults().body().getFaults().size());

        assertEquals("NAT_PUBLIC_IP_BINDING_FAILED", refusal("i-a", null, null));
        assertTrue(allocations.listAllocations(null, null, null, null, null).body().getAllocations().isEmpty(), "nothing left behind");
        assertEquals(0, vlans.getVlan(10).body().getUsage().getAllocated());
        assertTrue(faults.listGatewayFaults().body().getFaults().isEmpty(), "fired once, then disarmed");
        assertEquals("10.0.0.1", allocate("i-a", "10.0.0.1", null));

        instances.putInstance("i-b", running("i-b", "r1"));
        faults.armGatewayFault(new GatewayFaultSpec(5).failure(GatewayFaultSpec.FailureEnum.NAT_PUBLIC_IP_ALLOCATE_FAILED).ipAddress("10.0.0.6"));
        assertEquals("NAT_PUBLIC_IP_ALLOCATE_FAILED", refusal("i-b", "10.0.0.6", null));
        assertEquals(4, faults.listGatewayFaults().body().getFaults().get(0).getRemaining());
        assertEquals(204, faults.clearGatewayFaults().code());
        assertEquals("10.0.0.6", allocate("i-b", "10.0.0.6", null));
        raw(HttpStatus.BAD_REQUEST, "POST", "/v1/gateway-faults", "{\"times\":0}");
        raw(HttpStatus.BAD_REQUEST, "POST", "/v1/gateway-faults", "{\"times\":1,\"failure\":\"OOPS\"}");
        problem(HttpStatus.BAD_REQUEST, () -> faults.armGatewayFault(new GatewayFaultSpec(1).ipAddress("nope")));
        assertTrue(faults.listGatewayFaults().body().getFaults().isEmpty());
    }

    /**
     * Many HTTP clients send {@code Accept: application/json} on every request; an operation
     * that answers no body serves them all the same, and its errors stay problem documents.
     */
    @Test
    void operationsWithoutABodyServeAnyAcceptHeader() {
        for (String accept : List.of("application/json", "text/plain", "application/problem+json", "*/*")) {
            Map<String, String> headers = Map.of("Accept", accept);
            state.resetState("empty");
            vlans.createVlan(new Vlan(10, "r1", List.of("10.0.0.0/29")));
            vlans.createVlan(new Vlan(11, "r1", List.of("10.0.1.0/29")));
            instances.putInstance("i-a", running("i-a", "r1"));
            instances.putInstance("i-b", running("i-b", "r1"));
            assertEquals("10.0.0.1", allocate("i-a", "10.0.0.1", null));
            faults.armGatewayFault(new GatewayFaultSpec(3));

            assertEquals(204, rawOperator("DELETE", "/v1/gateway-faults", null, headers).statusCode(), accept);
            assertTrue(faults.listGatewayFaults().body().getFaults().isEmpty(), "disarmed with Accept: " + accept);
            assertEquals(204, rawOperator("DELETE", "/v1/allocations/10.0.0.1", null, headers).statusCode(), accept);
            assertTrue(allocations.listAllocations(null, null, null, null, null).body().getAllocations().isEmpty(), accept);
            assertEquals(204, rawOperator("DELETE", "/v1/instances/i-b", null, headers).statusCode(), accept);
            assertEquals(List.of("i-a"), instances.listInstances(null, null).body().getInstances().stream()
                    .map(Instance::getInstanceId).toList(), accept);
            assertEquals(204, rawOperator("DELETE", "/v1/vlans/11", null, headers).statusCode(), accept);
            assertEquals(1, vlans.listVlans("r1").body().getVlans().size(), accept);

            var refused = rawOperator("DELETE", "/v1/vlans/99", null, headers);
            assertEquals(404, refused.statusCode(), accept);
            assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElseThrow(), accept);

            String exported = rawOperator("GET", "/v1/state", null).body();
            assertEquals(204, rawOperator("POST", "/v1/state/reset?to=empty", null, headers).statusCode(), accept);
            assertTrue(vlans.listVlans("r1").body().getVlans().isEmpty(), "reset with Accept: " + accept);
            assertEquals(204, rawOperator("PUT", "/v1/state", exported, headers).statusCode(), accept);
            assertEquals(1, vlans.listVlans("r1").body().getVlans().size(), "imported with Accept: " + accept);
        }
    }

    @Test
    void exportResetImportBringsTheSameAllocationsBack() {
        state.resetState("demo");
        allocate("i-demo-running-01", "112.124.10.20", null);
        allocate("i-demo-stopped", null, "101");
        instances.startInstance("i-demo-stopped");
        InventoryDocument exported = state.exportState().body();
        assertEquals(2, exported.getAllocations().size());

        state.resetState("empty");
        assertTrue(state.exportState().body().getInstances().isEmpty());
        assertEquals(204, state.importState(exported).code());

        InventoryDocument again = state.exportState().body();
        assertEquals(exported.getInstances(), again.getInstances());
        assertEquals(exported.getVlans(), again.getVlans());
        assertEquals(exported.getAllocations(), again.getAllocations());
        assertEquals("IpInUse", refusal("i-demo-running-02", "112.124.10.20", null));
        assertEquals("AllocatedAlready", refusal("i-demo-stopped", null, null));
        assertEquals(2, vlans.listVlans("cn-hangzhou").body().getVlans().stream().mapToLong(v -> v.getUsage().getAllocated()).sum());

        // an invalid document changes nothing
        InventoryDocument broken = new InventoryDocument(again.getInstances(), again.getVlans(),
                List.of(new Allocation("112.124.10.21", "i-demo-running-03"), new Allocation("112.124.10.22", "i-demo-running-03")));
        problem(HttpStatus.BAD_REQUEST, () -> state.importState(broken));
        assertEquals(exported.getAllocations(), state.exportState().body().getAllocations());
        problem(HttpStatus.BAD_REQUEST, () -> state.resetState("everything"));
    }
}
