package io.publicip.administration.inventory;

import io.publicip.allocation.AddressRange;
import io.publicip.allocation.Instance;
import io.publicip.allocation.Ipv4Address;

import java.time.Instant;
import java.util.List;

/** The whole inventory, as exported and imported. */
public record InventorySnapshot(List<Instance> instances, List<VlanSpec> vlans, List<AllocationSpec> allocations, List<KeySpec> accessKeys) {

    /** An access key; a null secret keeps the key's current one (exports never carry secrets). */
    public record KeySpec(String accessKeyId, String secret, boolean enabled) {

        @Override
        public String toString() {
            return "KeySpec[" + accessKeyId + ", enabled=" + enabled + "]";
        }
    }

    public record VlanSpec(int vlanId, String regionId, List<AddressRange> ranges) {
    }

    public record AllocationSpec(Ipv4Address address, String instanceId, Instant allocatedAt, boolean inEffect) {
    }
}
