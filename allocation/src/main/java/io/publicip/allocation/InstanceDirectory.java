package io.publicip.allocation;

import java.util.Optional;

/** Where the allocation rules read instances from. */
public interface InstanceDirectory {

    /**
     * The instance, locked against other allocations to it until the calling transaction ends,
     * so that two concurrent requests for one instance are decided one after the other, and the
     * public address it holds.
     */
    Optional<LockedInstance> findForAllocation(String instanceId);
}
