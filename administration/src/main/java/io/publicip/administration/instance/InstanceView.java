package io.publicip.administration.instance;

import io.publicip.allocation.Instance;
import io.publicip.persistence.pool.HeldAddress;

import java.util.Optional;

/** An instance with the public address it holds, if any. */
public record InstanceView(Instance instance, Optional<HeldAddress> publicIp) {
}
