package io.publicip.server.rpc;

/**
 * One RPC action, chosen by the front door by its name. A handler implements the stub the
 * contract generates for its action and answers with the contract's response model; its
 * refusals are thrown (the rules' exceptions, or {@link RpcError}) and put in the envelope by
 * the door.
 */
public interface RpcHandler {

    /** The Action name, case-sensitive as on the real service. */
    String action();

    /** @return the action's response model; its RequestId is the call's */
    Object handle(RpcCall call);
}
