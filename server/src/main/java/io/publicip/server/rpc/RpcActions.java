package io.publicip.server.rpc;

import java.util.Set;

/** The RPC actions this server answers; any other Action is InvalidAction.NotFound. */
public final class RpcActions {

    public static final String ALLOCATE_PUBLIC_IP_ADDRESS = "AllocatePublicIpAddress";

    private static final Set<String> KNOWN = Set.of(ALLOCATE_PUBLIC_IP_ADDRESS);

    private RpcActions() {
    }

    /** Action names are case-sensitive, as on the real service. */
    public static boolean isKnown(String action) {
        return action != null && KNOWN.contains(action);
    }
}
