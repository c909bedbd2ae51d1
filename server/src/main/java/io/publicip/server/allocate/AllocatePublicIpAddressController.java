package io.publicip.server.allocate;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.context.ServerRequestContext;
import io.publicip.allocation.Allocation;
import io.publicip.allocation.AllocationRequest;
import io.publicip.server.generated.api.AbstractEcsController;
import io.publicip.server.generated.model.AllocatePublicIpAddressResponse;
import io.publicip.server.rpc.ProtocolErrors;
import io.publicip.server.rpc.RequestIds;
import io.publicip.server.rpc.RpcActions;
import io.publicip.server.rpc.ResponseFormat;
import io.publicip.server.rpc.RpcError;
import io.publicip.server.rpc.RpcHeaders;
import io.publicip.server.rpc.RpcAuthenticator;
import io.publicip.server.rpc.RpcAuthenticator.SignatureNonce;
import io.publicip.server.rpc.RpcParameters;
import io.publicip.server.rpc.RpcThrottle;

import java.util.Optional;

/**
 * The generated stubs of the contract, implemented: the wire values go to the allocation
 * engine as they came, and its answer back in the format the caller asked for. Refusals are
 * thrown by the engine and put in the error envelope by {@link AllocationErrorHandler}.
 */
@Controller
public class AllocatePublicIpAddressController extends AbstractEcsController {

    static final String API_VERSION = "2014-05-26";

    private final AllocationWithNonce allocator;
    private final RpcAuthenticator authenticator;
    private final RpcThrottle throttle;

    AllocatePublicIpAddressController(AllocationWithNonce allocator, RpcAuthenticator authenticator, RpcThrottle throttle) {
        this.allocator = allocator;
        this.authenticator = authenticator;
        this.throttle = throttle;
    }

    @Override
    public HttpResponse<Void> rejectPut() {
        throw new RpcError(ProtocolErrors.UNSUPPORTED_METHOD);
    }

    @Override
    public HttpResponse<Void> rejectDelete() {
        throw new RpcError(ProtocolErrors.UNSUPPORTED_METHOD);
    }

    @Override
    public HttpResponse<Void> rejectPatch() {
        throw new RpcError(ProtocolErrors.UNSUPPORTED_METHOD);
    }

    @Override
    public HttpResponse<Void> rejectOptions() {
        throw new RpcError(ProtocolErrors.UNSUPPORTED_METHOD);
    }

    @Override
    public HttpResponse<AllocatePublicIpAddressResponse> allocatePublicIpAddress(
            String Action, String InstanceId, String IpAddress, String VlanId, String RegionId, String Format,
            String Version, String AccessKeyId, String Signature, String SignatureMethod, String SignatureVersion,
            String SignatureNonce, String Timestamp) {
        return allocate(Action, new AllocationRequest(InstanceId, IpAddress, VlanId, RegionId), Format);
    }

    @Override
    public HttpResponse<AllocatePublicIpAddressResponse> allocatePublicIpAddressByForm(
            String Action, String InstanceId, String IpAddress, String VlanId, String RegionId, String Format,
            String Version, String AccessKeyId, String Signature, String SignatureMethod, String SignatureVersion,
            String SignatureNonce, String Timestamp) {
        // the generated stub binds the body; a parameter may also come in the query, which wins
        RpcParameters query = RpcParameters.of(currentRequest());
        return allocate(query.queryOr("Action", Action),
                new AllocationRequest(query.queryOr("InstanceId", InstanceId), query.queryOr("IpAddress", IpAddress),
                        query.queryOr("VlanId", VlanId), query.queryOr("RegionId", RegionId)),
                query.queryOr("Format", Format));
    }

    private HttpResponse<AllocatePublicIpAddressResponse> allocate(String action, AllocationRequest request, String format) {
        HttpRequest<?> http = currentRequest();
        Optional<SignatureNonce> nonce = authenticator.verifyAllButNonce(http);
        try {
            throttle.admit(RpcParameters.of(http).get("AccessKeyId").orElse(null));
            String version = RpcParameters.of(http).get("Version").orElse(null);
            if (version != null && !API_VERSION.equals(version)) {
                throw new RpcError(ProtocolErrors.NO_SUCH_VERSION);
            }
            if (!RpcActions.ALLOCATE_PUBLIC_IP_ADDRESS.equals(action)) {
                throw new RpcError(ProtocolErrors.INVALID_ACTION);
            }
        } catch (RpcError refused) {
            // refused before the allocation: the nonce is recorded first, and a used one is the answer
            nonce.ifPresent(authenticator::recordNonce);
            throw refused;
        }
        Allocation allocation = allocator.allocate(request, nonce);
        String requestId = RequestIds.of(http);
        AllocatePublicIpAddressResponse body = new AllocatePublicIpAddressResponse(requestId, allocation.address().toString());
        return HttpResponse.ok(body)
                .contentType(ResponseFormat.of(format).mediaType())
                .header(RpcHeaders.REQUEST_ID, requestId);
    }

    private static HttpRequest<?> currentRequest() {
        return ServerRequestContext.currentRequest()
                .orElseThrow(() -> new IllegalStateException("no HTTP request in scope"));
    }
}
