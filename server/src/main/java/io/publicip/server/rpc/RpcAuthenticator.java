package io.publicip.server.rpc;

import io.publicip.contract.rpc.SignatureAcs3;
import io.publicip.contract.rpc.SignatureV1;
import io.publicip.persistence.accesskey.AccessKey;
import io.publicip.persistence.accesskey.AccessKeyStore;
import io.publicip.server.metrics.ServiceMetrics;
import io.publicip.server.rpc.RpcCall.Acs3;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static io.publicip.server.rpc.ProtocolErrors.*;

/**
 * Checks who signed a call: Signature V1 over its parameters, or ACS3 (HMAC-SHA256, or HMAC-SM3)
 * over its query, signed headers and body; an enabled key, a timestamp within 15 minutes. The nonce is
 * checked here for presence only: {@link SignatureNonces} records it. Each failure is the code
 * the real service gives; a mismatch carries the server's string to sign, so that the official
 * SDKs can tell a wrong secret.
 */
@Singleton
public class RpcAuthenticator {

    private static final Duration CLOCK_SKEW = Duration.ofMinutes(15);
    private static final Pattern V1_TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
    private static final Pattern ACS3_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    /** SHA-256 and SM3 both hash to 256 bits: 64 lower-case hex digits. */
    private static final int MAX_NONCE = 256;
    private static final int MAX_KEY_ID = 128;
    private static final Pattern HEX_256 = Pattern.compile("[0-9a-f]{64}");

    private final boolean enabled;
    private final AccessKeyStore keys;
    private final Clock clock;
    private final ServiceMetrics metrics;

    public RpcAuthenticator(SignatureSettings settings, AccessKeyStore keys, Clock clock,
                            ServiceMetrics metrics) {
        this.enabled = settings.enabled();
        this.keys = keys;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** A verified call's nonce, to be recorded by {@link SignatureNonces}. */
    public record NonceClaim(String accessKeyId, String nonce) {
    }

    /**
     * @return the nonce to record; empty when verification is off
     * @throws RpcError when the call is not properly signed
     */
    public Optional<NonceClaim> authenticate(RpcCall call) {
        if (!enabled) {
            return Optional.empty();
        }
        try {
            return Optional.of(call.signature().acs3().isPresent() ? acs3(call, call.signature().acs3().get()) : v1(call));
        } catch (RpcError refused) {
            metrics.signatureFailure(call.signature().scheme(), refused);
            throw refused;
        }
    }

    private NonceClaim v1(RpcCall call) {
        Map<String, String> parameters = call.parameters();
        String accessKeyId = required(parameters.get("AccessKeyId"), "AccessKeyId");
        String signature = required(parameters.get(SignatureV1.SIGNATURE), SignatureV1.SIGNATURE);
        String stringToSign = SignatureV1.stringToSign(call.httpMethod(), parameters);
        if (!SignatureV1.METHOD.equals(parameters.get("SignatureMethod")) || !SignatureV1.VERSION.equals(parameters.get("SignatureVersion"))) {
            throw RpcError.withStringToSign(INCOMPLETE_SIGNATURE, stringToSign);
        }
        String nonce = required(parameters.get("SignatureNonce"), "SignatureNonce");
        checkTime(required(parameters.get("Timestamp"), "Timestamp"), V1_TIMESTAMP);
        AccessKey key = enabledKey(accessKeyId);
        String expected = SignatureV1.sign(key.secret(), stringToSign);
        if (!constantTimeEquals(expected, signature)) {
            throw RpcError.withStringToSign(SIGNATURE_DOES_NOT_MATCH, stringToSign);
        }
        return new NonceClaim(accessKeyId, storable(nonce, "SignatureNonce"));
    }

    private NonceClaim acs3(RpcCall call, Acs3 acs3) {
        SignatureAcs3.Algorithm algorithm = SignatureAcs3.Algorithm.named(acs3.algorithm())
                .orElseThrow(() -> new RpcError(INCOMPLETE_AUTHORIZATION));
        if (call.signature().accessKeyId() == null || acs3.signature() == null || acs3.signedHeaders().isEmpty()) {
            throw new RpcError(INCOMPLETE_AUTHORIZATION);
        }
        String nonce = required(single(acs3, SignatureAcs3.NONCE), SignatureAcs3.NONCE);
        String date = required(single(acs3, SignatureAcs3.DATE), SignatureAcs3.DATE);
        String payloadHash = required(single(acs3, SignatureAcs3.CONTENT_SHA256), SignatureAcs3.CONTENT_SHA256);
        Map<String, String> signed = signedHeaders(acs3);
        checkTime(date, ACS3_DATE);
        if (!HEX_256.matcher(payloadHash).matches() || !payloadHash.equals(algorithm.hashHex(acs3.body()))) {
            throw RpcError.naming(INVALID_PARAMETER, SignatureAcs3.CONTENT_SHA256);
        }
        AccessKey key = enabledKey(call.signature().accessKeyId());
        String stringToSign = algorithm.stringToSign(SignatureAcs3.canonicalRequest(call.httpMethod(), "/", call.query(), signed, payloadHash));
        if (!constantTimeEquals(algorithm.sign(key.secret(), stringToSign), acs3.signature())) {
            throw RpcError.withStringToSign(SIGNATURE_DOES_NOT_MATCH, stringToSign);
        }
        return new NonceClaim(key.accessKeyId(), storable(nonce, SignatureAcs3.NONCE));
    }

    /**
     * The headers SignedHeaders names, with their values: it must name host, content-type when
     * there is one, and every x-acs-* header, each once and lower-case, and only headers the
     * request has exactly once (a header sent twice has no one value to sign).
     */
    private static Map<String, String> signedHeaders(Acs3 acs3) {
        Set<String> named = new HashSet<>();
        Map<String, String> signed = new LinkedHashMap<>();
        for (String name : acs3.signedHeaders()) {
            List<String> values = acs3.headers().get(name);
            if (!named.add(name) || !name.equals(name.toLowerCase(Locale.ROOT)) || values == null || values.size() != 1) {
                throw new RpcError(INCOMPLETE_SIGNED_HEADERS);
            }
            signed.put(name, values.get(0));
        }
        boolean unsigned = acs3.headers().keySet().stream().anyMatch(name ->
                (name.equals("host") || name.equals("content-type") || name.startsWith("x-acs-")) && !named.contains(name));
        if (unsigned) {
            throw new RpcError(INCOMPLETE_SIGNED_HEADERS);
        }
        return signed;
    }

    private static String single(Acs3 acs3, String header) {
        List<String> values = acs3.headers().get(header);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new RpcError(INCOMPLETE_SIGNED_HEADERS);
        }
        return values.get(0);
    }

    private AccessKey enabledKey(String accessKeyId) {
        if (accessKeyId.length() > MAX_KEY_ID || accessKeyId.indexOf('\0') >= 0) {
            throw new RpcError(ACCESS_KEY_NOT_FOUND); // no key has such an id, and no column could hold it
        }
        AccessKey key = keys.find(accessKeyId).orElseThrow(() -> new RpcError(ACCESS_KEY_NOT_FOUND));
        if (!key.enabled()) {
            throw new RpcError(ACCESS_KEY_INACTIVE);
        }
        return key;
    }

    private void checkTime(String text, Pattern format) {
        if (!format.matcher(text).matches()) {
            throw new RpcError(TIMESTAMP_FORMAT);
        }
        Instant time;
        try {
            time = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new RpcError(TIMESTAMP_FORMAT);
        }
        if (Duration.between(time, clock.instant()).abs().compareTo(CLOCK_SKEW) > 0) {
            throw new RpcError(TIMESTAMP_EXPIRED);
        }
    }

    private static String required(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw RpcError.naming(MISSING_PARAMETER, name);
        }
        return value;
    }

    /** A nonce the ledger can hold (its column is 256 characters; no database stores NUL). */
    private static String storable(String nonce, String name) {
        if (nonce.length() > MAX_NONCE || nonce.indexOf('\0') >= 0) {
            throw RpcError.naming(INVALID_PARAMETER, name);
        }
        return nonce;
    }

    private static boolean constantTimeEquals(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
