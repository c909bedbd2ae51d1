package io.publicip.persistence.pool;

import io.publicip.allocation.Ipv4Address;

import java.time.Instant;

/** An allocation as the operator sees it: who holds which address since when, and whether it is in effect. */
public record HeldAddress(Ipv4Address address, String instanceId, int vlanId, String regionId, Instant allocatedAt, boolean inEffect) {
}
