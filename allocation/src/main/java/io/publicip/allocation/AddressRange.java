package io.publicip.allocation;

/**
 * A CIDR block of public addresses and the part of it that can be handed out.
 *
 * <p>Rule for network and broadcast addresses: in a block of /30 or wider the first (network)
 * and last (broadcast) addresses are never handed out; a /31 (RFC 3021 point-to-point) and a
 * /32 are usable in full.
 */
public record AddressRange(Ipv4Address network, int prefixLength) {

    public AddressRange {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
        }
        if ((network.value() & ~mask(prefixLength) & Ipv4Address.MAX) != 0) {
            throw new IllegalArgumentException(network + "/" + prefixLength + " has host bits set");
        }
    }

    /** Parses "a.b.c.d/n" with a canonical address and the host bits clear. */
    public static AddressRange parse(String cidr) {
        int slash = cidr == null ? -1 : cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR block: " + cidr);
        }
        String prefix = cidr.substring(slash + 1);
        if (!prefix.matches("[0-9]|[12][0-9]|3[0-2]")) {
            throw new IllegalArgumentException("not a CIDR prefix length: " + cidr);
        }
        return new AddressRange(Ipv4Address.of(cidr.substring(0, slash)), Integer.parseInt(prefix));
    }

    public Ipv4Address firstUsable() {
        return new Ipv4Address(network.value() + (prefixLength <= 30 ? 1 : 0));
    }

    public Ipv4Address lastUsable() {
        long last = network.value() + size() - 1;
        return new Ipv4Address(last - (prefixLength <= 30 ? 1 : 0));
    }

    /** Addresses in the block, network and broadcast included. */
    public long size() {
        return 1L << (32 - prefixLength);
    }

    public long usableCount() {
        return lastUsable().value() - firstUsable().value() + 1;
    }

    public boolean overlaps(AddressRange other) {
        long end = network.value() + size() - 1;
        long otherEnd = other.network.value() + other.size() - 1;
        return network.value() <= otherEnd && other.network.value() <= end;
    }

    private static long mask(int prefixLength) {
        return prefixLength == 0 ? 0 : (Ipv4Address.MAX << (32 - prefixLength)) & Ipv4Address.MAX;
    }

    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
