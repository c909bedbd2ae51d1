package io.publicip.server.allocate;

import io.micronaut.http.HttpResponse;
import io.publicip.allocation.Allocation;
import io.publicip.allocation.AllocationRequest;
import io.publicip.allocation.PublicIpAllocator;
import io.publicip.server.generated.api.AbstractEcsController;
import io.publicip.server.generated.model.AllocatePublicIpAddressResponse;
import io.publicip.server.rpc.RpcCall;
import io.publicip.server.rpc.RpcHandler;
import jakarta.inject.Singleton;

/**
 * AllocatePublicIpAddress: the stub the contract generates, implemented, with the wire values
 * handed to the allocation rules as they came. A bean, not a controller: the front door
 * chooses it by action, so the generated routes are not registered.
 */
@Singleton
class AllocatePublicIpAddressHandler extends AbstractEcsController implements RpcHandler {

    private final PublicIpAllocator allocator;

    AllocatePublicIpAddressHandler(PublicIpAllocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public String action() {
        return "AllocatePublicIpAddress";
    }

    @Override
    public void checkParameters(RpcCall call) {
        PublicIpAllocator.checkValues(request(call));
    }

    @Override
    public Object handle(RpcCall call) {
        AllocatePublicIpAddressResponse answer = allocatePublicIpAddress(call.action(), call.parameters().get("InstanceId"),
                call.parameters().get("IpAddress"), call.parameters().get("VlanId"), call.parameters().get("RegionId"),
                null, null, null, null, null, null, null, null).body();
        return answer.requestId(call.requestId());
    }

    /** The signature and format parameters are the front door's; the rules take the action's own. */
    @Override
    public HttpResponse<AllocatePublicIpAddressResponse> allocatePublicIpAddress(
            String Action, String InstanceId, String IpAddress, String VlanId, String RegionId, String Format,
            String Version, String AccessKeyId, String Signature, String SignatureMethod, String SignatureVersion,
            String SignatureNonce, String Timestamp) {
        Allocation allocation = allocator.allocate(new AllocationRequest(InstanceId, IpAddress, VlanId, RegionId));
        return HttpResponse.ok(new AllocatePublicIpAddressResponse(null, allocation.address().toString()));
    }

    private static AllocationRequest request(RpcCall call) {
        return new AllocationRequest(call.parameters().get("InstanceId"), call.parameters().get("IpAddress"),
                call.parameters().get("VlanId"), call.parameters().get("RegionId"));
    }
}
