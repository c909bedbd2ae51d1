package io.publicip.server.release;

import io.micronaut.http.HttpResponse;
import io.publicip.allocation.PublicIpReleaser;
import io.publicip.allocation.ReleaseRequest;
import io.publicip.server.generated.release.api.AbstractEcsReleaseController;
import io.publicip.server.generated.release.model.ReleasePublicIpAddressResponse;
import io.publicip.server.rpc.RpcCall;
import io.publicip.server.rpc.RpcHandler;
import jakarta.inject.Singleton;

/**
 * ReleasePublicIpAddress: the stub its contract generates, implemented; the address and its
 * gateway binding are released by the rules in one transaction.
 */
@Singleton
class ReleasePublicIpAddressHandler extends AbstractEcsReleaseController implements RpcHandler {

    private final PublicIpReleaser releaser;

    ReleasePublicIpAddressHandler(PublicIpReleaser releaser) {
        this.releaser = releaser;
    }

    @Override
    public String action() {
        return "ReleasePublicIpAddress";
    }

    @Override
    public void checkParameters(RpcCall call) {
        PublicIpReleaser.checkValues(request(call));
    }

    @Override
    public Object handle(RpcCall call) {
        ReleasePublicIpAddressResponse answer = releasePublicIpAddress(call.action(), call.parameters().get("PublicIpAddress"),
                call.parameters().get("InstanceId"), call.parameters().get("RegionId"), call.parameters().get("DryRun"),
                null, null, null, null, null, null, null, null).body();
        return answer.requestId(call.requestId());
    }

    /** The signature and format parameters are the front door's; the rules take the action's own. */
    @Override
    public HttpResponse<ReleasePublicIpAddressResponse> releasePublicIpAddress(
            String Action, String PublicIpAddress, String InstanceId, String RegionId, String DryRun, String Format,
            String Version, String AccessKeyId, String Signature, String SignatureMethod, String SignatureVersion,
            String SignatureNonce, String Timestamp) {
        releaser.release(new ReleaseRequest(PublicIpAddress, InstanceId, RegionId, DryRun));
        return HttpResponse.ok(new ReleasePublicIpAddressResponse(null));
    }

    private static ReleaseRequest request(RpcCall call) {
        return new ReleaseRequest(call.parameters().get("PublicIpAddress"), call.parameters().get("InstanceId"),
                call.parameters().get("RegionId"), call.parameters().get("DryRun"));
    }
}
