package io.publicip.server.operator;

import io.publicip.allocation.AddressRange;
import io.publicip.administration.OperatorRejection;

import java.util.List;

/** The CIDR blocks an operator gives for a VLAN, wherever they come from (a request, an imported document). */
public final class Cidrs {

    private Cidrs() {
    }

    /** Parses CIDRs, refusing anything that is not IPv4 with its host bits clear. */
    public static List<AddressRange> parse(List<String> cidrs) {
        return cidrs.stream().map(cidr -> {
            try {
                return AddressRange.parse(cidr);
            } catch (IllegalArgumentException e) {
                throw OperatorRejection.invalid("cidr " + cidr + " is not an IPv4 block with its host bits clear");
            }
        }).toList();
    }
}
