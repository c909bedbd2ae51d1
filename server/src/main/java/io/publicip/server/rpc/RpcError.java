package io.publicip.server.rpc;

/**
 * An error answer named by its row of the contract's error catalogue, with the message to send
 * when the row's message names a parameter other than the documented one.
 */
public class RpcError extends RuntimeException {

    private final String errorKey;
    private final String messageOverride;

    public RpcError(String errorKey) {
        this(errorKey, null);
    }

    public RpcError(String errorKey, String messageOverride) {
        super(errorKey, null, false, false);
        this.errorKey = errorKey;
        this.messageOverride = messageOverride;
    }

    public String errorKey() {
        return errorKey;
    }

    public String messageOverride() {
        return messageOverride;
    }
}
