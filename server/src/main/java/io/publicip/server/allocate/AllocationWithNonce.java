package io.publicip.server.allocate;

import io.micronaut.transaction.TransactionOperations;
import io.publicip.allocation.Allocation;
import io.publicip.allocation.AllocationRequest;
import io.publicip.allocation.PublicIpAllocator;
import io.publicip.persistence.accesskey.NonceLedger;
import io.publicip.server.rpc.ProtocolErrors;
import io.publicip.server.rpc.RpcAuthenticator;
import io.publicip.server.rpc.RpcAuthenticator.SignatureNonce;
import io.publicip.server.rpc.RpcError;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.Optional;

/**
 * A signed allocation with its nonce recorded in the allocation's own transaction: one commit
 * per request instead of two (on H2 every commit writes the changed pages to the file, and the
 * nonce's own commit took a fifth of the server's CPU). A nonce the database has a row for
 * spoils that transaction; the ledger then decides by itself (used within the window:
 * SignatureNonceUsed; used earlier: forgotten and recorded anew) and the allocation runs alone.
 * A refused allocation takes its nonce down with it, so the nonce is then recorded by itself:
 * a replay of a refused request is refused as a replay, not answered anew.
 */
@Singleton
class AllocationWithNonce {

    private final PublicIpAllocator allocator;
    private final RpcAuthenticator authenticator;
    private final NonceLedger nonces;
    private final TransactionOperations<Connection> transactions;

    AllocationWithNonce(PublicIpAllocator allocator, RpcAuthenticator authenticator, NonceLedger nonces,
                        TransactionOperations<Connection> transactions) {
        this.allocator = allocator;
        this.authenticator = authenticator;
        this.nonces = nonces;
        this.transactions = transactions;
    }

    /** Signals a nonce the database has seen before: the transaction is rolled back and the ledger asked. */
    private static final class SeenBefore extends RuntimeException {
        SeenBefore() {
            super(null, null, false, false);
        }
    }

    Allocation allocate(AllocationRequest request, Optional<SignatureNonce> nonce) {
        if (nonce.isEmpty()) {
            return allocator.allocate(request);
        }
        SignatureNonce signed = nonce.get();
        try {
            return transactions.executeWrite(status -> {
                if (!nonces.recordInTransaction(signed.accessKeyId(), signed.nonce())) {
                    throw new SeenBefore();
                }
                return allocator.allocate(request);
            });
        } catch (SeenBefore seen) {
            authenticator.recordNonce(signed);
            return allocator.allocate(request);
        } catch (RuntimeException refused) {
            recordAfterRefusal(signed, refused);
            throw refused;
        }
    }

    private void recordAfterRefusal(SignatureNonce signed, RuntimeException refused) {
        try {
            authenticator.recordNonce(signed);
        } catch (RpcError used) {
            if (!ProtocolErrors.NONCE_USED.equals(used.errorKey())) {
                refused.addSuppressed(used);
            }
            // else a replay sent while this request was being refused got the nonce: either way
            // it is used, and the request that came first keeps its own answer
        } catch (RuntimeException e) {
            refused.addSuppressed(e);
        }
    }
}
