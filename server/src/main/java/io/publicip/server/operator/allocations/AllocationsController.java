package io.publicip.server.operator.allocations;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.publicip.allocation.Ipv4Address;
import io.publicip.administration.OperatorRejection;
import io.publicip.administration.pool.AllocationAdministration;
import io.publicip.persistence.pool.HeldAddress;
import io.publicip.server.generated.operator.api.AbstractAllocationsController;
import io.publicip.server.generated.operator.model.Allocation;
import io.publicip.server.generated.operator.model.AllocationList;
import io.publicip.server.generated.operator.model.AllocationPage;

import java.time.ZoneOffset;
import java.util.List;

@Controller
public class AllocationsController extends AbstractAllocationsController {

    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;
    static final int DEFAULT_RECENT = 20;
    static final int MAX_RECENT = 100;

    private final AllocationAdministration allocations;

    public AllocationsController(AllocationAdministration allocations) {
        this.allocations = allocations;
    }

    @Override
    public HttpResponse<AllocationPage> listAllocations(Integer vlanId, String instanceId, String regionId, Integer pageSize, String pageToken) {
        int size = pageSize == null ? DEFAULT_PAGE : pageSize;
        if (size < 1 || size > MAX_PAGE) {
            throw OperatorRejection.invalid("pageSize must be 1-" + MAX_PAGE);
        }
        long after = pageToken == null ? -1 : PageTokens.decode(pageToken);
        // one more than asked tells whether another page follows
        List<HeldAddress> page = allocations.list(new AllocationAdministration.Filter(vlanId, instanceId, regionId), after, size + 1);
        AllocationPage result = new AllocationPage(page.stream().limit(size).map(AllocationsController::toModel).toList());
        if (page.size() > size) {
            result.nextPageToken(PageTokens.encode(page.get(size - 1).address().value()));
        }
        return HttpResponse.ok(result);
    }

    @Override
    public HttpResponse<AllocationList> listRecentAllocations(Integer limit) {
        int size = limit == null ? DEFAULT_RECENT : limit;
        if (size < 1 || size > MAX_RECENT) {
            throw OperatorRejection.invalid("limit must be 1-" + MAX_RECENT);
        }
        return HttpResponse.ok(new AllocationList(allocations.recent(size).stream().map(AllocationsController::toModel).toList()));
    }

    @Override
    public HttpResponse<Void> releaseAllocation(String ipAddress) {
        Ipv4Address address = Ipv4Address.parseCanonical(ipAddress)
                .orElseThrow(() -> OperatorRejection.invalid(ipAddress + " is not an IPv4 address"));
        allocations.release(address);
        return HttpResponse.noContent();
    }

    private static Allocation toModel(HeldAddress held) {
        Allocation model = new Allocation(held.address().toString(), held.instanceId())
                .allocatedAt(held.allocatedAt().atOffset(ZoneOffset.UTC))
                .inEffect(held.inEffect());
        model.setVlanId(held.vlanId());
        model.setRegionId(held.regionId());
        return model;
    }
}
