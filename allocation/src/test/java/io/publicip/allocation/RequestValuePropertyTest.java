package io.publicip.allocation;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties of the request values the rules parse: IPv4 addresses and VLAN numbers. */
class RequestValuePropertyTest {

    /** The canonical dotted quad, written independently of the parser. */
    static final Pattern CANONICAL = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    @Property
    void everyAddressRoundTrips(@ForAll @LongRange(min = 0, max = 0xFFFFFFFFL) long value) {
        Ipv4Address address = new Ipv4Address(value);
        assertEquals(address, Ipv4Address.parseCanonical(address.toString()).orElseThrow());
    }

    @Property(tries = 5000)
    void theParserAcceptsExactlyTheCanonicalForm(@ForAll("addressLike") String text) {
        assertEquals(CANONICAL.matcher(text).matches(), Ipv4Address.parseCanonical(text).isPresent(), text);
    }

    @Property
    void aLeadingZeroIsMalformed(@ForAll @LongRange(min = 0, max = 0xFFFFFFFFL) long value, @ForAll @IntRange(min = 0, max = 3) int octet) {
        String[] parts = new Ipv4Address(value).toString().split("\\.");
        parts[octet] = "0" + parts[octet];
        assertTrue(Ipv4Address.parseCanonical(String.join(".", parts)).isEmpty());
    }

    @Property
    void vlanNumbersAreOneTo4094InPlainDecimal(@ForAll @IntRange(min = -10, max = 10_000) int n) {
        String decimal = Integer.toString(n);
        assertEquals(n >= 1 && n <= 4094, VlanNumber.parse(decimal).isPresent(), decimal);
        if (n >= 1 && n <= 4094) {
            assertEquals(n, VlanNumber.parse(decimal).getAsInt());
        }
        // the same number written any other way is refused: a leading zero, a sign, blanks
        for (String other : new String[] {"0" + decimal, "+" + decimal, " " + decimal, decimal + " "}) {
            assertTrue(VlanNumber.parse(other).isEmpty(), "'" + other + "'");
        }
    }

    @Property(tries = 3000)
    void vlanParserNeverThrows(@ForAll String text) {
        VlanNumber.parse(text);
        Ipv4Address.parseCanonical(text);
    }

    @Provide
    Arbitrary<String> addressLike() {
        Arbitrary<String> octet = Arbitraries.oneOf(Arbitraries.integers().between(0, 300).map(String::valueOf),
                Arbitraries.strings().withChars("0123456789 -+x:").ofMinLength(0).ofMaxLength(4));
        Arbitrary<String> separator = Arbitraries.of(".", ".", ".", "..", ",", ":", " ", "");
        return Arbitraries.integers().between(1, 6).flatMap(count -> Arbitraries.oneOf(octet, octet).list().ofSize(count)
                .flatMap(octets -> separator.list().ofSize(count).map(separators -> {
                    StringBuilder text = new StringBuilder(octets.get(0));
                    for (int i = 1; i < octets.size(); i++) {
                        text.append(separators.get(i)).append(octets.get(i));
                    }
                    return text.toString();
                })));
    }
}
