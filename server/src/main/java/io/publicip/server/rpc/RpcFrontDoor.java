package io.publicip.server.rpc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Head;
import io.micronaut.http.annotation.Options;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.Put;
import io.publicip.allocation.AllocationException;
import io.publicip.allocation.ReleaseException;
import io.publicip.server.rpc.RpcAuthenticator.NonceClaim;

import java.util.Optional;

/**
 * The public API's one entrance: every RPC request, whatever its action, signature scheme or
 * format, is parsed once and runs these steps in this order (the first refusal is the answer):
 * <ol>
 *   <li>request id: one per request, in every answer to it;</li>
 *   <li>parse: query and form merged, the query winning, into an immutable {@link RpcCall};</li>
 *   <li>authenticate: Signature V1 or ACS3 (HMAC-SHA256 or HMAC-SM3), the key, the time within 15
 *       minutes ({@link RpcAuthenticator}); before any parameter is looked at, as at the cloud's
 *       gateway;</li>
 *   <li>nonce: once per key in 30 minutes across schemes and replicas ({@link SignatureNonces}),
 *       written in the transaction of the steps below, so that a signed write commits once; a
 *       refusal below rolls it back and it is then written without them, so that a replay of a
 *       refused request is refused as a replay. That transaction may be shared with other
 *       requests' under group commit ({@code GroupCommit}), each in a savepoint of its own. A
 *       request refused before any row is read (the version, the action, its parameters) takes no
 *       transaction: its nonce is written alone, in one statement;</li>
 *   <li>throttle: the key's rate ({@link RpcThrottle}); a replay never takes a token;</li>
 *   <li>version and action: the handler of the action, and parameters it can read ({@link RpcActions});</li>
 *   <li>handler: the action's rules; first those that read no row ({@link RpcHandler#checkParameters}),
 *       then the rest in the nonce's transaction, or for an action that only reads, on a connection
 *       of its own.</li>
 *   <li>envelope: the answer in the call's format ({@link EnvelopeWriter}, {@link ErrorResponder});
 *       the request log reads the call and the answer's code ({@link RequestLog}).</li>
 * </ol>
 * Failures that are nobody's refusal (the database is unreachable, a bug) leave through the
 * framework's error handling, which writes the same envelope.
 */
@Controller
@Produces(MediaType.ALL) // the format is the call's (Format, then Accept, then XML), never a reason to refuse
class RpcFrontDoor {

    private final RpcAuthenticator authenticator;
    private final SignatureNonces nonces;
    private final RpcThrottle throttle;
    private final RpcActions actions;
    private final EnvelopeWriter envelope;
    private final ErrorResponder errors;

    RpcFrontDoor(RpcAuthenticator authenticator, SignatureNonces nonces, RpcThrottle throttle, RpcActions actions,
                 EnvelopeWriter envelope, ErrorResponder errors) {
        this.authenticator = authenticator;
        this.nonces = nonces;
        this.throttle = throttle;
        this.actions = actions;
        this.envelope = envelope;
        this.errors = errors;
    }

    /** GET only: Micronaut would also route HEAD here, which must not run an action. */
    @Get(value = "/", headRoute = false)
    MutableHttpResponse<byte[]> get(HttpRequest<?> request) {
        return serve(request, new byte[0]);
    }

    /** Any body type: a form body carries parameters, any other is only hashed (ACS3 signs it). */
    @Post(value = "/", consumes = MediaType.ALL)
    MutableHttpResponse<byte[]> post(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return serve(request, body == null ? new byte[0] : body);
    }

    @Put("/")
    MutableHttpResponse<byte[]> put(HttpRequest<?> request) {
        return errors.respond(request, ProtocolErrors.UNSUPPORTED_METHOD);
    }

    @Delete("/")
    MutableHttpResponse<byte[]> delete(HttpRequest<?> request) {
        return errors.respond(request, ProtocolErrors.UNSUPPORTED_METHOD);
    }

    @Patch("/")
    MutableHttpResponse<byte[]> patch(HttpRequest<?> request) {
        return errors.respond(request, ProtocolErrors.UNSUPPORTED_METHOD);
    }

    @Options("/")
    MutableHttpResponse<byte[]> options(HttpRequest<?> request) {
        return errors.respond(request, ProtocolErrors.UNSUPPORTED_METHOD);
    }

    @Head("/")
    MutableHttpResponse<byte[]> head(HttpRequest<?> request) {
        return errors.respond(request, ProtocolErrors.UNSUPPORTED_METHOD);
    }

    private MutableHttpResponse<byte[]> serve(HttpRequest<?> request, byte[] body) {
        RpcCall call = RpcCallParser.parse(request, body);
        try {
            Optional<NonceClaim> nonce = authenticator.authenticate(call);
            RpcHandler handler;
            try {
                handler = actions.handlerFor(call);
                handler.checkParameters(call);
            } catch (RpcError | AllocationException | ReleaseException refused) {
                // refused before any row is read: no transaction, and no wait for one; the steps
                // before it still come first (a replay is refused as a replay, then the throttle)
                nonces.spend(call, nonce);
                throttle.admit(call);
                throw refused;
            }
            boolean[] admitted = {false};
            Object answer = nonces.recordWith(call, nonce, handler.writes(), () -> {
                if (!admitted[0]) { // a retried transaction does not take a second token
                    throttle.admit(call);
                    admitted[0] = true;
                }
                return handler.handle(call);
            });
            return envelope.write(call, HttpStatus.OK, answer, "OK");
        } catch (RpcError refused) {
            return errors.respond(call, refused);
        } catch (AllocationException refused) {
            return errors.respond(call, refused.error().errorKey(), null);
        } catch (ReleaseException refused) {
            return errors.respond(call, refused.error().errorKey(), null);
        }
    }
}
