package io.publicip.server.rpc;

import io.publicip.persistence.accesskey.NonceLedger;
import io.publicip.server.metrics.ServiceMetrics;
import io.publicip.server.rpc.RpcAuthenticator.NonceClaim;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The nonce step: a signed call's nonce is accepted once per key in 15 minutes, whatever the
 * scheme that carried it and whichever replica got it (one ledger, in the shared database).
 * A call that reaches its handler records the nonce with the handler's own writes; a call
 * refused before that records it alone, so that its replay is refused as a replay.
 */
@Singleton
class SignatureNonces {

    private final NonceLedger ledger;
    private final ServiceMetrics metrics;

    SignatureNonces(NonceLedger ledger, ServiceMetrics metrics) {
        this.ledger = ledger;
        this.metrics = metrics;
    }

    /** @throws RpcError SignatureNonceUsed when the key used the nonce; the work did not run */
    <T> T recordWith(RpcCall call, Optional<NonceClaim> claim, Supplier<T> work) {
        if (claim.isEmpty()) {
            return work.get();
        }
        try {
            return ledger.recordWith(claim.get().accessKeyId(), claim.get().nonce(), work);
        } catch (NonceLedger.NonceUsed used) {
            throw refused(call);
        }
    }

    /** @throws RpcError SignatureNonceUsed when the key used the nonce */
    void recordAlone(RpcCall call, Optional<NonceClaim> claim) {
        if (claim.isEmpty()) {
            return;
        }
        try {
            ledger.recordAlone(claim.get().accessKeyId(), claim.get().nonce());
        } catch (NonceLedger.NonceUsed used) {
            throw refused(call);
        }
    }

    private RpcError refused(RpcCall call) {
        RpcError error = new RpcError(ProtocolErrors.NONCE_USED);
        metrics.signatureFailure(call.signature().scheme(), error);
        return error;
    }
}
