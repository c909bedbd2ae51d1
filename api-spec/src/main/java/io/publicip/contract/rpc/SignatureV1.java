package io.publicip.contract.rpc;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Alibaba Cloud RPC signature version 1.0 (HMAC-SHA1), as the official SDKs compute it: the
 * server checks with it, and the clients here sign with it.
 */
public final class SignatureV1 {

    public static final String METHOD = "HMAC-SHA1";
    public static final String VERSION = "1.0";
    public static final String SIGNATURE = "Signature";

    private SignatureV1() {
    }

    /**
     * {@code METHOD&%2F&percentEncode(canonicalized query)}, over every parameter but
     * {@code Signature}, sorted by name in byte order.
     */
    public static String stringToSign(String httpMethod, Map<String, String> parameters) {
        Map<String, String> sorted = new TreeMap<>(SignatureV1::compareBytes);
        parameters.forEach((name, value) -> {
            if (!SIGNATURE.equals(name)) {
                sorted.put(name, value == null ? "" : value);
            }
        });
        StringBuilder canonical = new StringBuilder();
        sorted.forEach((name, value) -> {
            if (canonical.length() > 0) {
                canonical.append('&');
            }
            canonical.append(percentEncode(name)).append('=').append(percentEncode(value));
        });
        return httpMethod + "&" + percentEncode("/") + "&" + percentEncode(canonical.toString());
    }

    /**
     * The request's parameters signed as the official SDKs sign them: the given ones, then
     * AccessKeyId, SignatureMethod, SignatureVersion, a fresh SignatureNonce, the Timestamp
     * (UTC, to the second) and the Signature over all of them.
     */
    public static Map<String, String> signedParameters(String httpMethod, Map<String, String> parameters, String accessKeyId, String secret) {
        Map<String, String> signed = new LinkedHashMap<>(parameters);
        signed.put("AccessKeyId", accessKeyId);
        signed.put("SignatureMethod", METHOD);
        signed.put("SignatureVersion", VERSION);
        signed.put("SignatureNonce", UUID.randomUUID().toString());
        signed.put("Timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        signed.put(SIGNATURE, sign(secret, stringToSign(httpMethod, signed)));
        return signed;
    }

    /** The parameters as a query string (or form body), percent-encoded as they were signed. */
    public static String queryString(Map<String, String> parameters) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> query.append(query.length() == 0 ? "" : "&")
                .append(percentEncode(name)).append('=').append(percentEncode(value)));
        return query.toString();
    }

    /** One per thread: Mac.getInstance looks the algorithm up among the providers, every call. */
    private static final ThreadLocal<Mac> HMAC_SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA1");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    });

    /** Base64(HMAC-SHA1(secret + "&", stringToSign)). */
    public static String sign(String accessKeySecret, String stringToSign) {
        try {
            Mac mac = HMAC_SHA1.get();
            mac.init(new SecretKeySpec((accessKeySecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }

    /** UTF-8 percent-encoding that keeps only {@code A-Z a-z 0-9 - _ . ~}, with upper-case hex. */
    public static String percentEncode(String value) {
        StringBuilder encoded = new StringBuilder(value.length() * 3 / 2);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return encoded.toString();
    }

    private static int compareBytes(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int d = (x[i] & 0xFF) - (y[i] & 0xFF);
            if (d != 0) {
                return d;
            }
        }
        return x.length - y.length;
    }
}
