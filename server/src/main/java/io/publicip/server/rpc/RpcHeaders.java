package io.publicip.server.rpc;

/** Headers the real service sends with every answer. */
public final class RpcHeaders {

    public static final String REQUEST_ID = "x-acs-request-id";

    private RpcHeaders() {
    }
}
