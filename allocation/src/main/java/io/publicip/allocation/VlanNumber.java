package io.publicip.allocation;

import java.util.OptionalInt;

/** IEEE 802.1Q VLAN identifiers: 1 to 4094, written in plain decimal. */
public final class VlanNumber {

    public static final int MIN = 1;
    public static final int MAX = 4094;

    private VlanNumber() {
    }

    /** The number, or empty when the text is not a canonical VLAN number ("0100", "-1", "x"). */
    public static OptionalInt parse(String text) {
        if (text == null || !text.matches("[1-9][0-9]{0,3}")) {
            return OptionalInt.empty();
        }
        int value = Integer.parseInt(text);
        return value <= MAX ? OptionalInt.of(value) : OptionalInt.empty();
    }

    public static boolean isValid(int vlanId) {
        return vlanId >= MIN && vlanId <= MAX;
    }
}
