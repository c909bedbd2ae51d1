package io.publicip.server.rpc;

import java.util.List;

/**
 * The catalogue rows the protocol layer answers with itself (the rules name theirs in
 * {@code AllocationError} and {@code ReleaseError}). A test checks both lists against the contract.
 */
public final class ProtocolErrors {

    public static final String INVALID_ACTION = "InvalidAction.NotFound";
    public static final String MISSING_PARAMETER = "MissingParameter";
    public static final String INVALID_PARAMETER = "InvalidParameter";
    public static final String INTERNAL_ERROR = "InternalError";
    public static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";
    public static final String NO_SUCH_VERSION = "NoSuchVersion";
    public static final String SIGNATURE_DOES_NOT_MATCH = "SignatureDoesNotMatch";
    public static final String INCOMPLETE_SIGNATURE = "IncompleteSignature";
    public static final String INCOMPLETE_AUTHORIZATION = "IncompleteSignature.Authorization";
    public static final String INCOMPLETE_SIGNED_HEADERS = "IncompleteSignature.SignedHeaders";
    public static final String ACCESS_KEY_NOT_FOUND = "InvalidAccessKeyId.NotFound";
    public static final String ACCESS_KEY_INACTIVE = "InvalidAccessKeyId.Inactive";
    public static final String NONCE_USED = "SignatureNonceUsed";
    public static final String TIMESTAMP_EXPIRED = "InvalidTimeStamp.Expired";
    public static final String TIMESTAMP_FORMAT = "InvalidTimeStamp.Format";
    public static final String UNSUPPORTED_METHOD = "UnsupportedHTTPMethod";
    public static final String THROTTLING = "Throttling";

    public static final List<String> ALL = List.of(INVALID_ACTION, MISSING_PARAMETER, INVALID_PARAMETER, INTERNAL_ERROR,
            SERVICE_UNAVAILABLE, NO_SUCH_VERSION, SIGNATURE_DOES_NOT_MATCH, INCOMPLETE_SIGNATURE, INCOMPLETE_AUTHORIZATION, INCOMPLETE_SIGNED_HEADERS, ACCESS_KEY_NOT_FOUND,
            ACCESS_KEY_INACTIVE, NONCE_USED, TIMESTAMP_EXPIRED, TIMESTAMP_FORMAT, UNSUPPORTED_METHOD, THROTTLING);

    private ProtocolErrors() {
    }
}
