package io.publicip.contract.rpc;

import com.aliyun.tea.TeaRequest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SignatureAcs3 against the official Java SDK's own signer, {@code com.aliyun.openapiutil.Client}
 * (openapiutil 0.2.2, brought by tea-openapi 0.3.15): for any query and any extra headers the SDK
 * can send, both give the same canonical request, string to sign, signature and Authorization.
 *
 * <p>What the SDK does, read from its source: {@code getAuthorization} signs every header of the
 * request whose lower-cased name is {@code host}, {@code content-type} or starts with
 * {@code x-acs-}, value {@code String.trim()}-ed, names sorted with {@code Arrays.sort} (UTF-16
 * order); the query names are sorted with {@code Arrays.sort} too, each name and value
 * percent-encoded with {@code URLEncoder} (then {@code +}→{@code %20}, {@code *}→{@code %2A},
 * {@code %7E}→{@code ~}); an empty value gives {@code name=}. The SDK sends headers with OkHttp's
 * {@code Request.Builder.header(name, value)}, which replaces any earlier header of the same name
 * in any case and only accepts tab and printable ASCII in a value: so of two names differing only
 * in case, the one later in the map is the one on the wire, and it is also the one the SDK signs.
 */
class SignatureAcs3PropertyTest {

    private static final String ALGORITHM = "ACS3-HMAC-SHA256";

    /** The SDK's protected canonicalisation steps, reached from a subclass, to show which part differs. */
    private static final class Sdk extends com.aliyun.openapiutil.Client {
        static String canonicalQuery(Map<String, String> query) throws Exception {
            return getCanonicalizedResource(query);
        }

        static Map<String, String> canonicalHeaders(Map<String, String> headers) {
            return getCanonicalizedHeadersMap(headers);
        }
    }

    /** A request as the SDK builds it: the headers in the order the SDK puts them on the wire. */
    record Request(String method, Map<String, String> query, Map<String, String> headers, String payloadHash,
                   String accessKeyId, String secret) {
    }

    @Property(tries = 1500)
    void sameCanonicalRequestStringToSignSignatureAndAuthorizationAsTheSdk(@ForAll("requests") Request request) throws Exception {
        // What the server receives: one value per header name (the later of two names differing in case).
        Map<String, String> received = new LinkedHashMap<>();
        request.headers().forEach((name, value) -> received.put(name.toLowerCase(Locale.ROOT), value));
        Map<String, String> signed = new LinkedHashMap<>();
        received.forEach((name, value) -> {
            if (sdkSigns(name)) {
                signed.put(name, value);
            }
        });

        String canonicalRequest = SignatureAcs3.canonicalRequest(request.method(), "/", request.query(), signed, request.payloadHash());
        String stringToSign = SignatureAcs3.stringToSign(canonicalRequest);
        String signature = SignatureAcs3.sign(request.secret(), stringToSign);
        String authorization = SignatureAcs3.authorization(request.accessKeyId(), signed.keySet(), signature);

        // The SDK's parts, assembled as its getAuthorization assembles them.
        String sdkQuery = Sdk.canonicalQuery(request.query());
        Map<String, String> sdkHeaders = Sdk.canonicalHeaders(request.headers());
        String sdkCanonicalRequest = request.method() + "\n/\n" + sdkQuery + "\n" + sdkHeaders.get("canonicalHeaders") + "\n"
                + sdkHeaders.get("signedHeaders") + "\n" + request.payloadHash();
        assertEquals(sdkQuery, canonicalRequest.split("\n", -1)[2], "canonical query");
        assertEquals(sdkCanonicalRequest, canonicalRequest, "canonical request");
        String sdkStringToSign = ALGORITHM + "\n" + com.aliyun.openapiutil.Client.hexEncode(
                com.aliyun.openapiutil.Client.hash(sdkCanonicalRequest.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        assertEquals(sdkStringToSign, stringToSign, "string to sign");
        assertEquals(com.aliyun.openapiutil.Client.hexEncode(
                com.aliyun.openapiutil.Client.SignatureMethod(sdkStringToSign, request.secret(), ALGORITHM)), signature, "signature");

        // The SDK's own Authorization value, from its TeaRequest.
        assertEquals(sdkAuthorization(request), authorization, "Authorization");

        // Handed the SDK's own header map (mixed case, duplicates, unsigned headers), filtered the
        // SDK's way, SignatureAcs3 signs the same thing.
        Map<String, String> unreceived = new LinkedHashMap<>();
        request.headers().forEach((name, value) -> {
            if (sdkSigns(name.toLowerCase(Locale.ROOT))) {
                unreceived.put(name, value);
            }
        });
        assertEquals(canonicalRequest, SignatureAcs3.canonicalRequest(request.method(), "/", request.query(), unreceived, request.payloadHash()));
        assertEquals(authorization, SignatureAcs3.authorization(request.accessKeyId(), unreceived.keySet(), signature));
    }

    /** ACS3-HMAC-SM3: the same canonical request, SM3 for the hashes and HMAC-SM3 for the signature, as the SDK computes them. */
    @Property(tries = 300)
    void sm3SignsAsTheSdk(@ForAll("requests") Request request) throws Exception {
        String sm3 = SignatureAcs3.Algorithm.HMAC_SM3.label();
        byte[] body = request.query().toString().getBytes(StandardCharsets.UTF_8);
        String payloadHash = SignatureAcs3.Algorithm.HMAC_SM3.hashHex(body);
        assertEquals(com.aliyun.openapiutil.Client.hexEncode(com.aliyun.openapiutil.Client.hash(body, sm3)), payloadHash, "payload hash");
        Map<String, String> signed = new LinkedHashMap<>();
        request.headers().forEach((name, value) -> {
            if (sdkSigns(name.toLowerCase(Locale.ROOT))) {
                signed.put(name, value);
            }
        });
        String stringToSign = SignatureAcs3.Algorithm.HMAC_SM3.stringToSign(
                SignatureAcs3.canonicalRequest(request.method(), "/", request.query(), signed, payloadHash));
        String signature = SignatureAcs3.Algorithm.HMAC_SM3.sign(request.secret(), stringToSign);
        String authorization = SignatureAcs3.authorization(SignatureAcs3.Algorithm.HMAC_SM3, request.accessKeyId(), signed.keySet(), signature);
        assertEquals(sdkAuthorization(request, sm3, payloadHash), authorization);
    }

    /**
     * Java's String order (UTF-16 code units, the SDK's Arrays.sort) and UTF-8 byte order disagree
     * when a name holds a character above U+FFFF (a surrogate pair, D800-DFFF) and another one
     * holds one in E000-FFFF at the same place: the SDK puts the emoji first.
     */
    @Example
    void queryNamesAreSortedAsTheSdkSortsThem() throws Exception {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("Tag\uFF01", "fullwidth");
        query.put("Tag\uD83D\uDE00", "emoji");
        query.put("Tag", "");
        String canonicalQuery = SignatureAcs3.canonicalRequest("POST", "/", query, Map.of(), "h").split("\n", -1)[2];
        assertEquals(Sdk.canonicalQuery(query), canonicalQuery);
        assertEquals("Tag=&Tag%F0%9F%98%80=emoji&Tag%EF%BC%81=fullwidth", canonicalQuery);
    }

    /** The documented test vector, signed by the SDK itself. */
    @Example
    void theSdkSignsTheDocumentedTestVectorAlike() throws Exception {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("InstanceId", "i-demo-running-01");
        query.put("IpAddress", "112.124.11.3");
        query.put("VlanId", "101");
        query.put("Tag", "a b*~");
        String payloadHash = SignatureAcs3.sha256Hex("OwnerId=1".getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "ecs.example:8080");
        headers.put("x-acs-action", "AllocatePublicIpAddress");
        headers.put("x-acs-version", "2014-05-26");
        headers.put("x-acs-date", "2026-01-01T00:00:00Z");
        headers.put("x-acs-signature-nonce", "n-1");
        headers.put("content-type", "application/x-www-form-urlencoded");
        headers.put("x-acs-content-sha256", payloadHash);
        String expected = "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;"
                + "x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=58c0026dc12f1901693f8cd107a1a558298ef53bb180de48badf4f61ffa05190";
        assertEquals(expected, sdkAuthorization(new Request("POST", query, headers, payloadHash, "testid", "testsecret")));
        String signature = SignatureAcs3.sign("testsecret", SignatureAcs3.stringToSign(
                SignatureAcs3.canonicalRequest("POST", "/", query, headers, payloadHash)));
        assertEquals(expected, SignatureAcs3.authorization("testid", headers.keySet(), signature));
    }

    private static String sdkAuthorization(Request request) throws Exception {
        return sdkAuthorization(request, ALGORITHM, request.payloadHash());
    }

    /** The Authorization value the SDK's own getAuthorization computes for the request. */
    private static String sdkAuthorization(Request request, String algorithm, String payloadHash) throws Exception {
        TeaRequest tea = TeaRequest.create();
        tea.protocol = "http";
        tea.method = request.method();
        tea.pathname = "/";
        tea.query = new LinkedHashMap<>(request.query());
        tea.headers = new LinkedHashMap<>(request.headers());
        return com.aliyun.openapiutil.Client.getAuthorization(tea, algorithm, payloadHash, request.accessKeyId(), request.secret());
    }

    /** The SDK's rule (getCanonicalizedHeadersMap), on a lower-cased name. */
    private static boolean sdkSigns(String lowerCaseName) {
        return lowerCaseName.startsWith("x-acs-") || lowerCaseName.equals("host") || lowerCaseName.equals("content-type");
    }

    // ---- generators -------------------------------------------------------------------------

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<Map<String, String>> query = Arbitraries.maps(text(), text()).ofMaxSize(10);
        Arbitrary<List<Map.Entry<String, String>>> extraHeaders = Combinators.combine(headerName(), Arbitraries.longs(), headerValue())
                .as((name, caseSeed, value) -> Map.entry(randomCase(name, caseSeed), value))
                .list().ofMaxSize(10);
        Arbitrary<String> payloadHash = Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(SignatureAcs3::sha256Hex);
        Arbitrary<String> accessKeyId = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(30);
        // Real secrets are ASCII letters and digits; the SDK keys its HMAC with secret.getBytes() in
        // the platform charset, so a non-ASCII secret would depend on the machine's locale.
        Arbitrary<String> secret = Arbitraries.strings().alpha().numeric().withChars("+/=").ofMinLength(1).ofMaxLength(40);
        Arbitrary<String> host = Arbitraries.of("ecs.aliyuncs.com", "127.0.0.1:8080", "ecs-cn-hangzhou.aliyuncs.com", "[::1]:8443");
        Arbitrary<String> method = Arbitraries.of("POST", "GET");
        return Combinators.combine(method, query, extraHeaders, payloadHash, accessKeyId, secret, host, Arbitraries.longs())
                .as((m, q, extras, payload, id, s, h, caseSeed) -> {
                    Map<String, String> headers = new LinkedHashMap<>();
                    // what the SDK always sends (accept and user-agent are not signed)
                    headers.put("host", h);
                    headers.put("x-acs-version", "2014-05-26");
                    headers.put("x-acs-action", "AllocatePublicIpAddress");
                    headers.put("user-agent", "AlibabaCloud (Linux; amd64) Java/17 tea-util/0.2.27 TeaDSL/1");
                    headers.put("x-acs-date", "2026-11-29T15:58:30Z");
                    headers.put("x-acs-signature-nonce", Long.toHexString(caseSeed));
                    headers.put("accept", "application/json");
                    headers.put("x-acs-content-sha256", payload);
                    extras.forEach(e -> headers.put(e.getKey(), e.getValue()));
                    return new Request(m, q, headers, payload, id, s);
                });
    }

    /** Query names and values: any well-formed Unicode text, odd characters often, empty too. */
    private static Arbitrary<String> text() {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(6)),
                Tuple.of(4, Arbitraries.of(" ", "*", "~", "-", "_", ".", "=", "&", "+", "%", "%20", "/", "?", "#",
                        ":", ",", ";", "'", "\"", "!", "(", ")", "\t", "\n", "\r", "\u0000", "\u007F", "\u00A0", "é", "ß", "İ", "ı",
                        "Ω", "中文", "€", "\uFF01", "\uE000", "\uFFFD", "\uFFFF", "😀", "\uD834\uDD1E")),
                Tuple.of(2, Arbitraries.integers().between(0x80, Character.MAX_CODE_POINT)
                        .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                        .map(Character::toString)));
        return piece.list().ofMaxSize(6).map(pieces -> String.join("", pieces));
    }

    /** Extra header names: x-acs-*, content-type, some the SDK always sends, some it does not sign. */
    private static Arbitrary<String> headerName() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("x-acs-security-token", "x-acs-credentials-provider", "content-type",
                        "x-acs-date", "x-acs-action", "host", "x-acs-a", "x-acs-")),
                Tuple.of(4, Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-_.~*")
                        .ofMinLength(1).ofMaxLength(12).map(suffix -> "x-acs-" + suffix)),
                Tuple.of(2, Arbitraries.of("accept", "x-acs", "x-acsx", "x-sdk-client", "content-type-x",
                        "content-md5", "x-acs-x", "authorization", "date")));
    }

    /** Header values OkHttp lets the SDK send: tab and printable ASCII, spaces around, empty. */
    private static Arbitrary<String> headerValue() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').withChars('\t').ofMaxLength(24),
                Arbitraries.of("", " ", "\t", "  \t ", "*", "~", " a b ", "a*b~c", "application/json; charset=utf-8",
                        "application/x-www-form-urlencoded", " x-acs-date:1\t"));
    }

    private static String randomCase(String name, long seed) {
        Random random = new Random(seed);
        return name.chars().mapToObj(c -> String.valueOf((char) (random.nextInt(3) == 0 ? Character.toUpperCase(c) : c)))
                .collect(Collectors.joining());
    }
}
