package io.publicip.server.operator.vlans;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.publicip.allocation.AddressRange;
import io.publicip.administration.OperatorRejection;
import io.publicip.administration.pool.PoolAdministration;
import io.publicip.administration.pool.VlanSummary;
import io.publicip.server.generated.operator.model.VlanView;
import io.publicip.server.generated.operator.model.Vlan;
import io.publicip.server.generated.operator.model.VlanList;
import io.publicip.server.generated.operator.model.VlanUsage;
import io.publicip.server.operator.Cidrs;

@Controller
public class VlansController extends io.publicip.server.generated.operator.api.AbstractVlansController {

    private final PoolAdministration pools;

    public VlansController(PoolAdministration pools) {
        this.pools = pools;
    }

    @Override
    public HttpResponse<VlanView> createVlan(Vlan vlan) {
        VlanSummary created = pools.createVlan(vlan.getVlanId(), vlan.getRegionId(), Cidrs.parse(vlan.getCidrs()));
        return HttpResponse.created(toModel(created));
    }

    @Override
    public HttpResponse<VlanView> getVlan(Integer vlanId) {
        return HttpResponse.ok(toModel(pools.findVlan(vlanId).orElseThrow(() -> OperatorRejection.notFound("no VLAN " + vlanId))));
    }

    @Override
    public HttpResponse<VlanList> listVlans(String regionId) {
        return HttpResponse.ok(new VlanList(pools.listVlans(regionId).stream().map(VlansController::toModel).toList()));
    }

    @Override
    public HttpResponse<Void> deleteVlan(Integer vlanId) {
        pools.deleteVlan(vlanId);
        return HttpResponse.noContent();
    }

    static VlanView toModel(VlanSummary v) {
        return new VlanView(v.vlanId(), v.regionId(),
                v.ranges().stream().map(AddressRange::toString).toList(), new VlanUsage(v.total(), v.allocated(), v.free()));
    }
}
