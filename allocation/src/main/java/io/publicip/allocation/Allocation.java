package io.publicip.allocation;

import java.time.Instant;

/** An address held by an instance. */
public record Allocation(Ipv4Address address, String regionId, int vlanId, String instanceId, Instant allocatedAt) {
}
