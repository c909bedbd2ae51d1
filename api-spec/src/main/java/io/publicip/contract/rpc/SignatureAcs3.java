package io.publicip.contract.rpc;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Alibaba Cloud's ACS3-HMAC-SHA256 signature, the default of the official "V2.0" SDKs: the
 * action, version, date and nonce travel in {@code x-acs-*} headers, and the signature, in the
 * {@code Authorization} header, covers the method, the path, the query, the headers the client
 * names in {@code SignedHeaders} and the SHA-256 of the body. The server checks with it, and the
 * clients here sign with it.
 */
public final class SignatureAcs3 {

    public static final String ALGORITHM = "ACS3-HMAC-SHA256";
    public static final String ACTION = "x-acs-action";
    public static final String VERSION = "x-acs-version";
    public static final String DATE = "x-acs-date";
    public static final String NONCE = "x-acs-signature-nonce";
    public static final String CONTENT_SHA256 = "x-acs-content-sha256";
    public static final String AUTHORIZATION = "Authorization";

    private SignatureAcs3() {
    }

    /**
     * The canonical request: method, path, canonical query, the signed headers' lines, the
     * SignedHeaders list and the payload hash, joined by newlines.
     *
     * <p>The query names are sorted as the official Java SDK sorts them ({@code Arrays.sort} in
     * openapiutil's {@code getAuthorization}): Java's String order, by UTF-16 code unit, not by
     * UTF-8 byte as Signature V1 here does. The two differ only for a name with a character above
     * U+FFFF where another has one in U+E000-U+FFFF.
     *
     * @param query         the query parameters, first value of each (the form body is not in it)
     * @param signedHeaders lower-case header names to their values, the ones the client named
     */
    public static String canonicalRequest(String httpMethod, String path, Map<String, String> query,
                                          Map<String, String> signedHeaders, String payloadHash) {
        TreeMap<String, String> sortedQuery = new TreeMap<>();
        query.forEach((name, value) -> sortedQuery.put(name, value == null ? "" : value));
        StringBuilder canonicalQuery = new StringBuilder();
        sortedQuery.forEach((name, value) -> canonicalQuery.append(canonicalQuery.length() == 0 ? "" : "&")
                .append(SignatureV1.percentEncode(name)).append('=').append(SignatureV1.percentEncode(value)));
        TreeMap<String, String> sortedHeaders = new TreeMap<>();
        signedHeaders.forEach((name, value) -> sortedHeaders.put(name.toLowerCase(Locale.ROOT), value == null ? "" : value.trim()));
        StringBuilder headerLines = new StringBuilder();
        sortedHeaders.forEach((name, value) -> headerLines.append(name).append(':').append(value).append('\n'));
        return httpMethod + "\n" + path + "\n" + canonicalQuery + "\n" + headerLines + "\n"
                + String.join(";", sortedHeaders.keySet()) + "\n" + payloadHash;
    }

    /**
     * The hash-and-MAC pairs an ACS3 signature names: HMAC-SHA256, the SDKs' default, and
     * HMAC-SM3 (China's national standard, chosen in the SDKs' config), from BouncyCastle.
     */
    public enum Algorithm {
        HMAC_SHA256("ACS3-HMAC-SHA256"),
        HMAC_SM3("ACS3-HMAC-SM3");

        private final String label;

        Algorithm(String label) {
            this.label = label;
        }

        /** The name in the Authorization header and the first line of the string to sign. */
        public String label() {
            return label;
        }

        /** The algorithm of this name; empty for any other (ACS3-RSA-SHA256 included: no secret to check it with). */
        public static java.util.Optional<Algorithm> named(String label) {
            for (Algorithm algorithm : values()) {
                if (algorithm.label.equals(label)) {
                    return java.util.Optional.of(algorithm);
                }
            }
            return java.util.Optional.empty();
        }

        /** Lower-case hex of the algorithm's hash (the value of x-acs-content-sha256, whatever the hash). */
        public String hashHex(byte[] bytes) {
            if (this == HMAC_SHA256) {
                return sha256Hex(bytes);
            }
            org.bouncycastle.crypto.digests.SM3Digest sm3 = new org.bouncycastle.crypto.digests.SM3Digest();
            sm3.update(bytes, 0, bytes.length);
            byte[] out = new byte[sm3.getDigestSize()];
            sm3.doFinal(out, 0);
            return HexFormat.of().formatHex(out);
        }

        /** Lower-case hex of the algorithm's HMAC keyed with the secret itself (no trailing {@code &}, unlike V1). */
        public String sign(String accessKeySecret, String stringToSign) {
            if (this == HMAC_SHA256) {
                return SignatureAcs3.sign(accessKeySecret, stringToSign);
            }
            org.bouncycastle.crypto.macs.HMac mac = new org.bouncycastle.crypto.macs.HMac(new org.bouncycastle.crypto.digests.SM3Digest());
            mac.init(new org.bouncycastle.crypto.params.KeyParameter(accessKeySecret.getBytes(StandardCharsets.UTF_8)));
            byte[] input = stringToSign.getBytes(StandardCharsets.UTF_8);
            mac.update(input, 0, input.length);
            byte[] out = new byte[mac.getMacSize()];
            mac.doFinal(out, 0);
            return HexFormat.of().formatHex(out);
        }

        /** The algorithm's name + {@code \n} + hex hash of the canonical request. */
        public String stringToSign(String canonicalRequest) {
            return label + "\n" + hashHex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** {@code ACS3-HMAC-SHA256\n} + hex SHA-256 of the canonical request. */
    public static String stringToSign(String canonicalRequest) {
        return ALGORITHM + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** Lower-case hex HMAC-SHA256 keyed with the secret itself (no trailing {@code &}, unlike V1). */
    public static String sign(String accessKeySecret, String stringToSign) {
        try {
            Mac mac = HMAC_SHA256.get();
            mac.init(new SecretKeySpec(accessKeySecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** The {@code Authorization} header's value. */
    public static String authorization(String accessKeyId, Iterable<String> signedHeaderNames, String signature) {
        return authorization(Algorithm.HMAC_SHA256, accessKeyId, signedHeaderNames, signature);
    }

    public static String authorization(Algorithm algorithm, String accessKeyId, Iterable<String> signedHeaderNames, String signature) {
        TreeMap<String, Boolean> sorted = new TreeMap<>();
        signedHeaderNames.forEach(name -> sorted.put(name.toLowerCase(Locale.ROOT), true));
        return algorithm.label() + " Credential=" + accessKeyId + ",SignedHeaders=" + String.join(";", sorted.keySet())
                + ",Signature=" + signature;
    }

    /**
     * The headers a client adds to sign a request as the SDKs do: x-acs-action, x-acs-version,
     * a fresh x-acs-date and x-acs-signature-nonce, x-acs-content-sha256 and Authorization.
     *
     * @param host          the Host header as it will be sent (host:port)
     * @param extraHeaders  other headers to sign (content-type, x-acs-*), lower-case names
     * @return the headers to add, Authorization last
     */
    public static Map<String, String> signedHeaders(String httpMethod, String host, Map<String, String> query,
                                                    Map<String, String> extraHeaders, byte[] body, String action,
                                                    String version, String accessKeyId, String secret) {
        TreeMap<String, String> signed = new TreeMap<>(extraHeaders);
        signed.put("host", host);
        signed.put(ACTION, action);
        signed.put(VERSION, version);
        signed.put(DATE, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        signed.put(NONCE, UUID.randomUUID().toString().replace("-", ""));
        signed.put(CONTENT_SHA256, sha256Hex(body));
        String signature = sign(secret, stringToSign(canonicalRequest(httpMethod, "/", query, signed, signed.get(CONTENT_SHA256))));
        java.util.LinkedHashMap<String, String> headers = new java.util.LinkedHashMap<>(signed);
        headers.remove("host");
        headers.put(AUTHORIZATION, authorization(accessKeyId, signed.keySet(), signature));
        return headers;
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** One per thread: Mac.getInstance looks the algorithm up among the providers, every call. */
    private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    });
}
