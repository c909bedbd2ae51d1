package io.publicip.server.rpc;

import java.util.List;

/**
 * The catalogue rows the protocol layer answers with itself (the allocation rules name theirs
 * in {@code AllocationError}). A test checks both lists against the contract.
 */
public final class ProtocolErrors {

    public static final String INVALID_ACTION = "InvalidAction.NotFound";
    public static final String MISSING_PARAMETER = "MissingParameter";
    public static final String INVALID_PARAMETER = "InvalidParameter";
    public static final String INTERNAL_ERROR = "InternalError";
    public static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";

    public static final List<String> ALL = List.of(INVALID_ACTION, MISSING_PARAMETER, INVALID_PARAMETER, INTERNAL_ERROR, SERVICE_UNAVAILABLE);

    private ProtocolErrors() {
    }
}
