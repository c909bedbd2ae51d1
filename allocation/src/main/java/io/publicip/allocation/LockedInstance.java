package io.publicip.allocation;

import java.util.Optional;

/**
 * An instance as an allocation finds it: locked until the allocating transaction ends, with the
 * public address it holds, if any (read together: one look at the instance answers both).
 */
public record LockedInstance(Instance instance, Optional<Ipv4Address> publicIpAddress) {
}
