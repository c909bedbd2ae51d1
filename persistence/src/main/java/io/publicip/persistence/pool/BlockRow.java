package io.publicip.persistence.pool;

import io.micronaut.core.annotation.Introspected;

/** A block of the pool: up to 256 consecutive addresses of one VLAN. */
@Introspected
public record BlockRow(long firstAddress, long lastAddress, int vlanId, String regionId) {

    boolean contains(long address) {
        return address >= firstAddress && address <= lastAddress;
    }
}
