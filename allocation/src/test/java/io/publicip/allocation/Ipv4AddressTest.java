package io.publicip.allocation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class Ipv4AddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "1.2.3.4", "112.124.0.1", "255.255.255.255", "10.0.10.100"})
    void canonicalAddressesRoundTrip(String text) {
        assertEquals(text, Ipv4Address.parseCanonical(text).orElseThrow().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04", "256.1.1.1", "1.2.3.4 ",
            " 1.2.3.4", "1.2..3", "1.2.3.", ".1.2.3", "::1", "2001:db8::1", "1.2.3.-4", "+1.2.3.4", "a.b.c.d",
            "1.2.3.4/24", "1234.1.1.1", "112.124. **. **", "0x1.2.3.4", "１.2.3.4"})
    void everythingElseIsMalformed(String text) {
        assertTrue(Ipv4Address.parseCanonical(text).isEmpty(), text);
    }

    @Test
    void nullIsMalformed() {
        assertTrue(Ipv4Address.parseCanonical(null).isEmpty());
    }

    @Test
    void rangesLeaveOutNetworkAndBroadcastFromSlash30Up() {
        AddressRange slash24 = AddressRange.parse("112.124.0.0/24");
        assertEquals("112.124.0.1", slash24.firstUsable().toString());
        assertEquals("112.124.0.254", slash24.lastUsable().toString());
        assertEquals(254, slash24.usableCount());
        assertEquals(2, AddressRange.parse("10.0.0.0/30").usableCount());
        assertEquals(2, AddressRange.parse("10.0.0.0/31").usableCount());
        assertEquals(1, AddressRange.parse("10.0.0.7/32").usableCount());
        assertEquals(1L << 20, AddressRange.parse("10.0.0.0/12").size());
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.1/24"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.0/33"));
        assertTrue(AddressRange.parse("10.0.0.0/24").overlaps(AddressRange.parse("10.0.0.128/25")));
        assertFalse(AddressRange.parse("10.0.0.0/25").overlaps(AddressRange.parse("10.0.0.128/25")));
    }

    @Test
    void vlanNumbers() {
        assertEquals(100, VlanNumber.parse("100").getAsInt());
        assertEquals(4094, VlanNumber.parse("4094").getAsInt());
        for (String bad : new String[]{"", "0", "0100", "4095", "-1", "1.0", "abc", " 100", "99999"}) {
            assertTrue(VlanNumber.parse(bad).isEmpty(), bad);
        }
    }
}
