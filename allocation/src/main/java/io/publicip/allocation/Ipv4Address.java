package io.publicip.allocation;

import java.util.Optional;

/** An IPv4 address as an unsigned 32-bit number, which is also how the pool stores it. */
public record Ipv4Address(long value) implements Comparable<Ipv4Address> {

    public static final long MAX = 0xFFFF_FFFFL;

    public Ipv4Address {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("not an IPv4 address: " + value);
        }
    }

    /**
     * Parses the canonical dotted-quad form only: four decimal octets 0-255 without leading
     * zeros, signs or spaces. Anything else ("01.2.3.4", "1.2.3", "::1", "") is empty, because
     * the real service rejects it rather than guessing what was meant.
     */
    public static Optional<Ipv4Address> parseCanonical(String text) {
        if (text == null || text.isEmpty() || text.length() > 15) {
            return Optional.empty();
        }
        long value = 0;
        int octets = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i < text.length() && text.charAt(i) != '.') {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return Optional.empty();
                }
                continue;
            }
            int length = i - start;
            if (length == 0 || length > 3 || (length > 1 && text.charAt(start) == '0')) {
                return Optional.empty();
            }
            int octet = Integer.parseInt(text, start, i, 10);
            if (octet > 255 || ++octets > 4) {
                return Optional.empty();
            }
            value = (value << 8) | octet;
            start = i + 1;
        }
        return octets == 4 ? Optional.of(new Ipv4Address(value)) : Optional.empty();
    }

    /** Parses a canonical address or fails; for trusted input such as configuration. */
    public static Ipv4Address of(String text) {
        return parseCanonical(text).orElseThrow(() -> new IllegalArgumentException("not a canonical IPv4 address: " + text));
    }

    @Override
    public int compareTo(Ipv4Address other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return ((value >> 24) & 0xFF) + "." + ((value >> 16) & 0xFF) + "." + ((value >> 8) & 0xFF) + "." + (value & 0xFF);
    }
}
