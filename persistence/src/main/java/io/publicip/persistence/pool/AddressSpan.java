package io.publicip.persistence.pool;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/** The lowest and highest usable address of a VLAN or a region; both null when it has none. */
@Introspected
public record AddressSpan(@Nullable Long low, @Nullable Long high) {

    boolean isEmpty() {
        return low == null || high == null;
    }
}
