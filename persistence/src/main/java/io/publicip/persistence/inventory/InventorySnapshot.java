package io.publicip.persistence.inventory;

import io.publicip.allocation.AddressRange;
import io.publicip.allocation.Instance;
import io.publicip.allocation.Ipv4Address;

import java.time.Instant;
import java.util.List;

/** The whole inventory, as exported and imported. */
public record InventorySnapshot(List<Instance> instances, List<VlanSpec> vlans, List<AllocationSpec> allocations) {

    public record VlanSpec(int vlanId, String regionId, List<AddressRange> ranges) {
    }

    public record AllocationSpec(Ipv4Address address, String instanceId, Instant allocatedAt, boolean inEffect) {
    }
}
