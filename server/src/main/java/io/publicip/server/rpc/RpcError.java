package io.publicip.server.rpc;

/**
 * An error answer named by its row of the contract's error catalogue, with what the row's
 * message leaves to the answer: the parameter it names, or the server's string to sign.
 */
public class RpcError extends RuntimeException {

    private final String errorKey;
    private final String namedParameter;
    private final String stringToSign;

    public RpcError(String errorKey) {
        this(errorKey, null, null);
    }

    private RpcError(String errorKey, String namedParameter, String stringToSign) {
        super(errorKey, null, false, false);
        this.errorKey = errorKey;
        this.namedParameter = namedParameter;
        this.stringToSign = stringToSign;
    }

    /** A row whose message names a parameter ("MissingParameter"), naming this one. */
    public static RpcError naming(String errorKey, String parameter) {
        return new RpcError(errorKey, parameter, null);
    }

    /** A row whose message ends with "string to sign is:", followed by this one. */
    public static RpcError withStringToSign(String errorKey, String stringToSign) {
        return new RpcError(errorKey, null, stringToSign);
    }

    public String errorKey() {
        return errorKey;
    }

    /** The parameter the row's message names instead of its documented one; null for the documented one. */
    public String namedParameter() {
        return namedParameter;
    }

    /** The server's string to sign, for the rows that end with it; null otherwise. */
    public String stringToSign() {
        return stringToSign;
    }
}
