package io.publicip.server.operator.faults;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.publicip.allocation.Ipv4Address;
import io.publicip.allocation.NatGateway.GatewayFailure.Stage;
import io.publicip.administration.OperatorRejection;
import io.publicip.administration.gateway.GatewayFaults;
import io.publicip.server.generated.operator.api.AbstractGatewayFaultsController;
import io.publicip.server.generated.operator.model.GatewayFault;
import io.publicip.server.generated.operator.model.GatewayFaultList;
import io.publicip.server.generated.operator.model.GatewayFaultSpec;

@Controller
public class GatewayFaultsController extends AbstractGatewayFaultsController {

    private final GatewayFaults faults;

    public GatewayFaultsController(GatewayFaults faults) {
        this.faults = faults;
    }

    @Override
    public HttpResponse<GatewayFault> armGatewayFault(GatewayFaultSpec spec) {
        Long address = null;
        if (spec.getIpAddress() != null) {
            address = Ipv4Address.parseCanonical(spec.getIpAddress())
                    .orElseThrow(() -> OperatorRejection.invalid("ipAddress " + spec.getIpAddress() + " is not an IPv4 address"))
                    .value();
        }
        Stage stage = spec.getFailure() == null ? null : switch (spec.getFailure()) {
            case NAT_PUBLIC_IP_ALLOCATE_FAILED -> Stage.ALLOCATE;
            case NAT_PUBLIC_IP_BINDING_FAILED -> Stage.BIND;
        };
        int latency = spec.getLatencyMs() == null ? 0 : spec.getLatencyMs();
        return HttpResponse.created(toModel(faults.arm(stage, spec.getTimes(), spec.getInstanceId(), address, latency)));
    }

    @Override
    public HttpResponse<GatewayFaultList> listGatewayFaults() {
        return HttpResponse.ok(new GatewayFaultList(faults.list().stream().map(GatewayFaultsController::toModel).toList()));
    }

    @Override
    public HttpResponse<Void> clearGatewayFaults() {
        faults.clear();
        return HttpResponse.noContent();
    }

    static GatewayFault toModel(GatewayFaults.Fault f) {
        return new GatewayFault(f.id(), f.times(), f.remaining())
                .failure(f.stage() == null ? null : f.stage() == Stage.ALLOCATE
                        ? GatewayFault.FailureEnum.NAT_PUBLIC_IP_ALLOCATE_FAILED : GatewayFault.FailureEnum.NAT_PUBLIC_IP_BINDING_FAILED)
                .instanceId(f.instanceId())
                .ipAddress(f.address() == null ? null : new Ipv4Address(f.address()).toString())
                .latencyMs(f.latencyMs());
    }
}
