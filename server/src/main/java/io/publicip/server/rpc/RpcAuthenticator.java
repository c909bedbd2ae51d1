package io.publicip.server.rpc;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.publicip.contract.rpc.SignatureV1;
import io.publicip.persistence.accesskey.AccessKey;
import io.publicip.persistence.accesskey.AccessKeys;
import io.publicip.persistence.accesskey.NonceLedger;
import io.publicip.server.metrics.ServiceMetrics;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static io.publicip.server.rpc.ProtocolErrors.*;

/**
 * Checks that a request is signed, with signature version 1.0, by an enabled access key, over
 * exactly the parameters received, with a fresh nonce and timestamp. Each failure is the code
 * the real service gives; a mismatch carries the server's string to sign, so the official SDKs
 * can tell a wrong secret.
 */
@Singleton
public class RpcAuthenticator {

    private static final Duration CLOCK_SKEW = Duration.ofMinutes(15);
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");

    private final boolean enabled;
    private final AccessKeys keys;
    private final NonceLedger nonces;
    private final ErrorResponder responder;
    private final Clock clock;
    private final ServiceMetrics metrics;

    public RpcAuthenticator(@Value("${publicip.signature.enabled:true}") boolean enabled, AccessKeys keys, NonceLedger nonces,
                            ErrorResponder responder, Clock clock, ServiceMetrics metrics) {
        this.enabled = enabled;
        this.metrics = metrics;
        this.keys = keys;
        this.nonces = nonces;
        this.responder = responder;
        this.clock = clock;
    }

    /** A verified request's nonce, not yet recorded. */
    public record SignatureNonce(String accessKeyId, String nonce) {
    }

    /**
     * Everything but the nonce, which the caller records: with its own writes
     * ({@link NonceLedger#recordInTransaction}), or else with {@link #recordNonce}.
     *
     * @return the nonce to record; empty when verification is off
     * @throws RpcError when the request is not properly signed
     */
    public Optional<SignatureNonce> verifyAllButNonce(HttpRequest<?> request) {
        if (!enabled) {
            return Optional.empty();
        }
        try {
            return Optional.of(check(request));
        } catch (RpcError refused) {
            metrics.signatureFailure(refused);
            throw refused;
        }
    }

    /** Records the nonce by itself. @throws RpcError {@code SignatureNonceUsed} when the key used it within the window */
    public void recordNonce(SignatureNonce nonce) {
        if (!nonces.firstUse(nonce.accessKeyId(), nonce.nonce())) {
            RpcError used = new RpcError(NONCE_USED);
            metrics.signatureFailure(used);
            throw used;
        }
    }

    private SignatureNonce check(HttpRequest<?> request) {
        Map<String, String> parameters = RpcParameters.of(request).all();
        String accessKeyId = required(parameters, "AccessKeyId");
        String signature = required(parameters, SignatureV1.SIGNATURE);
        String stringToSign = SignatureV1.stringToSign(request.getMethodName(), parameters);
        if (!SignatureV1.METHOD.equals(parameters.get("SignatureMethod")) || !SignatureV1.VERSION.equals(parameters.get("SignatureVersion"))) {
            throw new RpcError(INCOMPLETE_SIGNATURE, responder.messageWithStringToSign(INCOMPLETE_SIGNATURE, stringToSign));
        }
        String nonce = required(parameters, "SignatureNonce");
        Instant timestamp = timestamp(required(parameters, "Timestamp"));
        if (Duration.between(timestamp, clock.instant()).abs().compareTo(CLOCK_SKEW) > 0) {
            throw new RpcError(TIMESTAMP_EXPIRED);
        }
        AccessKey key = keys.find(accessKeyId).orElseThrow(() -> new RpcError(ACCESS_KEY_NOT_FOUND));
        if (!key.enabled()) {
            throw new RpcError(ACCESS_KEY_INACTIVE);
        }
        String expected = SignatureV1.sign(key.secret(), stringToSign);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8))) {
            throw new RpcError(SIGNATURE_DOES_NOT_MATCH, responder.messageWithStringToSign(SIGNATURE_DOES_NOT_MATCH, stringToSign));
        }
        return new SignatureNonce(accessKeyId, nonce);
    }

    private String required(Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        if (value == null || value.isEmpty()) {
            throw new RpcError(MISSING_PARAMETER, responder.messageNaming(MISSING_PARAMETER, name));
        }
        return value;
    }

    private static Instant timestamp(String text) {
        if (!TIMESTAMP.matcher(text).matches()) {
            throw new RpcError(TIMESTAMP_FORMAT);
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new RpcError(TIMESTAMP_FORMAT);
        }
    }
}
