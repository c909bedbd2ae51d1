package io.publicip.administration.pool;

import io.publicip.allocation.AddressRange;

import java.util.List;

/** A VLAN, its ranges, and how much of its pool is held. */
public record VlanSummary(int vlanId, String regionId, List<AddressRange> ranges, long total, long allocated) {

    public long free() {
        return total - allocated;
    }
}
