package io.publicip.persistence.instance;

import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import io.publicip.allocation.Instance;
import io.publicip.allocation.InstanceDirectory;
import jakarta.inject.Singleton;

import java.util.Optional;

@Singleton
class JdbcInstanceDirectory implements InstanceDirectory {

    private final InstanceRepository instances;

    JdbcInstanceDirectory(InstanceRepository instances) {
        this.instances = instances;
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public Optional<Instance> findForAllocation(String instanceId) {
        return instances.findForUpdate(instanceId).map(InstanceRow::toInstance);
    }
}
