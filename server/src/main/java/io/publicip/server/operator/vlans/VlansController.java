package io.publicip.server.operator.vlans;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.publicip.allocation.AddressRange;
import io.publicip.persistence.OperatorRejection;
import io.publicip.persistence.pool.PoolAdministration;
import io.publicip.persistence.pool.VlanView;
import io.publicip.server.generated.operator.model.Vlan;
import io.publicip.server.generated.operator.model.VlanList;
import io.publicip.server.generated.operator.model.VlanUsage;

import java.util.List;

@Controller
public class VlansController extends io.publicip.server.generated.operator.api.AbstractVlansController {

    private final PoolAdministration pools;

    public VlansController(PoolAdministration pools) {
        this.pools = pools;
    }

    @Override
    public HttpResponse<io.publicip.server.generated.operator.model.VlanView> createVlan(Vlan vlan) {
        VlanView created = pools.createVlan(vlan.getVlanId(), vlan.getRegionId(), ranges(vlan.getCidrs()));
        return HttpResponse.created(toModel(created));
    }

    @Override
    public HttpResponse<io.publicip.server.generated.operator.model.VlanView> getVlan(Integer vlanId) {
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

    /** Parses CIDRs, refusing anything that is not IPv4 with its host bits clear. */
    public static List<AddressRange> ranges(List<String> cidrs) {
        return cidrs.stream().map(cidr -> {
            try {
                return AddressRange.parse(cidr);
            } catch (IllegalArgumentException e) {
                throw OperatorRejection.invalid("cidr " + cidr + " is not an IPv4 block with its host bits clear");
            }
        }).toList();
    }

    static io.publicip.server.generated.operator.model.VlanView toModel(VlanView v) {
        return new io.publicip.server.generated.operator.model.VlanView(v.vlanId(), v.regionId(),
                v.ranges().stream().map(AddressRange::toString).toList(), new VlanUsage(v.total(), v.allocated(), v.free()));
    }
}
