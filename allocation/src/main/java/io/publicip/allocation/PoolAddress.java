package io.publicip.allocation;

/** An address of a pool, with the VLAN it belongs to. */
public record PoolAddress(Ipv4Address address, int vlanId) {
}
