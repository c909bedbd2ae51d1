package io.publicip.server.operator.instances;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.publicip.allocation.Instance.Status;
import io.publicip.administration.OperatorRejection;
import io.publicip.administration.instance.InstanceAdministration;
import io.publicip.server.generated.operator.api.AbstractInstancesController;
import io.publicip.server.generated.operator.model.Instance;
import io.publicip.server.generated.operator.model.InstanceList;

import java.util.Arrays;

@Controller
public class InstancesController extends AbstractInstancesController {

    private final InstanceAdministration instances;

    public InstancesController(InstanceAdministration instances) {
        this.instances = instances;
    }

    @Override
    public HttpResponse<InstanceList> listInstances(String regionId, String status) {
        Status wanted = null;
        if (status != null) {
            wanted = Arrays.stream(Status.values()).filter(s -> s.name().equals(status)).findFirst()
                    .orElseThrow(() -> OperatorRejection.invalid("status " + status + " is not one of " + Arrays.toString(Status.values())));
        }
        return HttpResponse.ok(new InstanceList(instances.list(regionId, wanted).stream().map(InstanceModels::toModel).toList()));
    }

    @Override
    public HttpResponse<Instance> getInstance(String instanceId) {
        return HttpResponse.ok(InstanceModels.toModel(instances.find(instanceId)
                .orElseThrow(() -> OperatorRejection.notFound("no instance " + instanceId))));
    }

    @Override
    public HttpResponse<Instance> putInstance(String instanceId, Instance instance) {
        if (!instanceId.equals(instance.getInstanceId())) {
            throw OperatorRejection.invalid("the body's instanceId " + instance.getInstanceId() + " is not the path's " + instanceId);
        }
        return HttpResponse.ok(InstanceModels.toModel(instances.put(InstanceModels.toDomain(instance))));
    }

    @Override
    public HttpResponse<Void> deleteInstance(String instanceId) {
        instances.delete(instanceId);
        return HttpResponse.noContent();
    }

    @Override
    public HttpResponse<Instance> startInstance(String instanceId) {
        return HttpResponse.ok(InstanceModels.toModel(instances.start(instanceId)));
    }

    @Override
    public HttpResponse<Instance> stopInstance(String instanceId) {
        return HttpResponse.ok(InstanceModels.toModel(instances.stop(instanceId)));
    }

    @Override
    public HttpResponse<Instance> rebootInstance(String instanceId) {
        return HttpResponse.ok(InstanceModels.toModel(instances.reboot(instanceId)));
    }
}
