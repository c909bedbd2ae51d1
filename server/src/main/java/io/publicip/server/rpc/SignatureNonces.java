package io.publicip.server.rpc;

import io.publicip.persistence.accesskey.NonceLedger;
import io.publicip.persistence.groupcommit.GroupCommit;
import io.publicip.persistence.reads.ReadOnlyWork;
import io.publicip.server.metrics.ServiceMetrics;
import io.publicip.server.rpc.RpcAuthenticator.NonceClaim;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The nonce step: a signed call's nonce is accepted once per key in 30 minutes, whatever the
 * scheme that carried it and whichever replica got it (one ledger, in the shared database).
 * The nonce is written in the transaction of the steps after it (throttle, dispatch, handler),
 * so that a signed write commits once; a refusal there rolls it back, and it is then written
 * alone, so that the replay of a refused request is refused as a replay. The work may run more
 * than once: a transaction the database aborted (deadlock, serialization failure) is tried
 * again whole, and a request whose group could not commit runs again alone
 * ({@link GroupCommit}), so it must not do anything outside the transaction twice.
 *
 * <p>Two kinds of request take no transaction: one refused before any row is read, and one whose
 * action only reads. Their nonce is written alone, in one autocommit INSERT ({@link #spend}).
 */
@Singleton
class SignatureNonces {

    private final NonceLedger ledger;
    private final ServiceMetrics metrics;
    private final GroupCommit groupCommit;
    private final ReadOnlyWork reads;

    SignatureNonces(NonceLedger ledger, ServiceMetrics metrics, GroupCommit groupCommit, ReadOnlyWork reads) {
        this.ledger = ledger;
        this.metrics = metrics;
        this.groupCommit = groupCommit;
        this.reads = reads;
    }

    /**
     * Records a signed call's nonce by itself, in one autocommit INSERT, for a call that takes no
     * transaction; an unsigned call has none.
     *
     * @throws RpcError SignatureNonceUsed when the key used the nonce
     */
    void spend(RpcCall call, Optional<NonceClaim> claim) {
        if (claim.isPresent() && !ledger.firstUse(claim.get().accessKeyId(), claim.get().nonce())) {
            throw refused(call);
        }
    }

    /**
     * Records the nonce and runs the work: a writing one in the nonce's transaction, a reading one
     * after its nonce is spent, on a connection of its own.
     *
     * @throws RpcError SignatureNonceUsed when the key used the nonce; the work did not run
     */
    <T> T recordWith(RpcCall call, Optional<NonceClaim> claim, boolean writes, Supplier<T> work) {
        if (!writes) {
            spend(call, claim);
            return reads.run(work);
        }
        if (claim.isEmpty()) {
            return groupCommit.inTransaction(work);
        }
        try {
            return ledger.recordWith(claim.get().accessKeyId(), claim.get().nonce(), work);
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
