package io.publicip.server;

/**
 * The order of the filters every request passes before the route (the RPC front door, or the
 * operator API's controllers), lowest first; response filters run in the reverse order. Only
 * whole-request concerns live here: the RPC protocol's own steps are in
 * {@code rpc.RpcFrontDoor}.
 */
public final class FilterOrder {

    /** Times the request and, on the way out, writes its log line and metrics ({@code rpc.RequestLog}). */
    public static final int REQUEST_LOG = 0;
    /** Keeps each port to its own API ({@code operator.access.OperatorAccessFilter}). */
    public static final int OPERATOR_ACCESS = 10;
    /** Refuses new work while the server drains for shutdown ({@code lifecycle.DrainingFilter}). */
    public static final int DRAINING = 20;
    /** Lets the API reference page call the public port ({@code operator.docs.ApiDocsCors}). */
    public static final int API_DOCS_CORS = 30;

    private FilterOrder() {
    }
}
