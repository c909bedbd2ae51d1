package io.publicip.server.rpc;

/**
 * One RPC action, chosen by the front door by its name. A handler implements the stub the
 * contract generates for its action and answers with the contract's response model; its
 * refusals are thrown (the rules' exceptions, or {@link RpcError}) and put in the envelope by
 * the door.
 *
 * <p>The door runs {@link #checkParameters} before any transaction, so that a request refused for
 * its own values costs no database work (a signed one spends its nonce, and nothing else). It
 * then runs {@link #handle}: a writing action in a transaction (shared with other requests' under
 * group commit), a reading one on a connection of its own, never queued behind writes.
 */
public interface RpcHandler {

    /** The Action name, case-sensitive as on the real service. */
    String action();

    /**
     * The action's checks that read no row: required, malformed and out-of-range parameters. What
     * it refuses here, {@link #handle} would refuse the same way.
     */
    default void checkParameters(RpcCall call) {
    }

    /** Whether the action may write; one that never does (a Describe action) is served without a transaction. */
    default boolean writes() {
        return true;
    }

    /** @return the action's response model; its RequestId is the call's */
    Object handle(RpcCall call);
}
