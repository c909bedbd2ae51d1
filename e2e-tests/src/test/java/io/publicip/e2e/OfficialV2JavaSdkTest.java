package io.publicip.e2e;

import io.publicip.e2e.Reaches.Scheme;

import com.aliyun.ecs20140526.Client;
import com.aliyun.ecs20140526.models.AllocatePublicIpAddressRequest;
import com.aliyun.ecs20140526.models.AllocatePublicIpAddressResponse;
import com.aliyun.ecs20140526.models.ReleasePublicIpAddressRequest;
import com.aliyun.ecs20140526.models.ReleasePublicIpAddressResponse;
import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teautil.models.ExtendsParameters;
import com.aliyun.teautil.models.RuntimeOptions;
import io.publicip.contract.ErrorCatalogue;
import io.publicip.contract.rpc.SignatureAcs3;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The official "V2.0" Java SDK ({@code com.aliyun:ecs20140526} on {@code com.aliyun:tea-openapi}),
 * unchanged, pointed at the server: in its default mode (ACS3-HMAC-SHA256) and with
 * {@code signatureAlgorithm = "v2"} (Signature V1), successes and errors as from the cloud.
 *
 * <p>Where a request must carry a chosen date or nonce, the test gives it to the SDK through
 * {@link RuntimeOptions#extendsParameters}: tea-openapi 0.3.15 merges those headers (ACS3) and
 * query parameters (V1) over its own {@code x-acs-date}/{@code x-acs-signature-nonce} and
 * {@code Timestamp}/{@code SignatureNonce} before it signs, so the request stays validly signed.
 */
class OfficialV2JavaSdkTest extends E2eTest {

    static final ErrorCatalogue CATALOGUE = ErrorCatalogue.load();
    static final String VERSION = "2014-05-26";
    /** A demo pool address nothing holds after the demo reset. */
    static final String FREE_ADDRESS = "112.124.10.77";

    /** The SDK's signing modes. */
    enum Mode {
        /** The default: ACS3-HMAC-SHA256 in the Authorization header. */
        ACS3(null),
        /** {@code signatureAlgorithm = "ACS3-HMAC-SM3"}: the same, with SM3 for the hashes. */
        ACS3_SM3("ACS3-HMAC-SM3"),
        /** {@code signatureAlgorithm = "v2"}: Signature V1 (HMAC-SHA1) in the query. */
        V1("v2");

        final String signatureAlgorithm;

        Mode(String signatureAlgorithm) {
            this.signatureAlgorithm = signatureAlgorithm;
        }
    }

    @BeforeEach
    void demo() {
        state.resetState("demo");
    }

    // ---------------------------------------------------------------- allocation

    @ParameterizedTest
    @EnumSource(Mode.class)
    void allocatesAndTheResponseFieldsReachTheCaller(Mode mode) throws Exception {
        Client sdk = sdk(mode);
        AllocatePublicIpAddressResponse any = sdk.allocatePublicIpAddress(new AllocatePublicIpAddressRequest().setInstanceId("i-demo-running-01"));
        assertEquals(200, any.getStatusCode());
        assertTrue(any.getBody().getIpAddress().startsWith("112.124."), any.getBody().getIpAddress());
        assertTrue(any.getBody().getRequestId().matches(UUID_UPPER), any.getBody().getRequestId());
        // no Format in ACS3 (Accept: application/json decides), Format=json in V1: JSON either way
        assertEquals("application/json;charset=utf-8", header(any.getHeaders(), "content-type"));

        AllocatePublicIpAddressResponse named = sdk.allocatePublicIpAddress(
                new AllocatePublicIpAddressRequest().setInstanceId("i-demo-running-02").setIpAddress(FREE_ADDRESS));
        assertEquals(FREE_ADDRESS, named.getBody().getIpAddress());
        assertTrue(named.getBody().getRequestId().matches(UUID_UPPER), named.getBody().getRequestId());
        assertNotEquals(any.getBody().getRequestId(), named.getBody().getRequestId());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    @Reaches(value = "InvalidInstanceId.NotFound", schemes = {Scheme.V1, Scheme.ACS3})
    @Reaches(value = "IpInUse", schemes = {Scheme.V1, Scheme.ACS3})
    @Reaches(value = "AllocatedAlready", schemes = {Scheme.V1, Scheme.ACS3})
    void errorsArriveAsTeaExceptionsWithCodeMessageStatusAndRequestId(Mode mode) throws Exception {
        Client sdk = sdk(mode);
        assertRow("InvalidInstanceId.NotFound", () -> sdk.allocatePublicIpAddress(new AllocatePublicIpAddressRequest().setInstanceId("i-nope")));

        // the named address first: a random allocation before it could pick that address
        sdk.allocatePublicIpAddress(new AllocatePublicIpAddressRequest().setInstanceId("i-demo-running-04").setIpAddress(FREE_ADDRESS));
        assertRow("IpInUse", () -> sdk.allocatePublicIpAddress(
                new AllocatePublicIpAddressRequest().setInstanceId("i-demo-running-05").setIpAddress(FREE_ADDRESS)));

        sdk.allocatePublicIpAddress(new AllocatePublicIpAddressRequest().setInstanceId("i-demo-running-03"));
        assertRow("AllocatedAlready", () -> sdk.allocatePublicIpAddress(new AllocatePublicIpAddressRequest().setInstanceId("i-demo-running-03")));
    }

    @Test
    @Reaches(value = "InvalidInstanceId.NotFound", schemes = {Scheme.ACS3})
    void anXmlErrorIsReadUnderTextXmlCharsetUtf8() {
        // Format=XML overrides the SDK's Accept: application/json; tea-openapi parses an error as
        // XML only when the Content-Type is exactly text/xml;charset=utf-8, else as JSON (and fails)
        RuntimeOptions xml = new RuntimeOptions();
        xml.extendsParameters = new ExtendsParameters().setQueries(Map.of("Format", "XML"));
        assertRow("InvalidInstanceId.NotFound", () -> sdk(Mode.ACS3).allocatePublicIpAddressWithOptions(
                new AllocatePublicIpAddressRequest().setInstanceId("i-nope"), xml));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    @Reaches(value = "SignatureDoesNotMatch", schemes = {Scheme.V1, Scheme.ACS3})
    void aWrongSecretIsSignatureDoesNotMatch(Mode mode) throws Exception {
        Client wrong = sdk(mode, target, "not-the-secret");
        assertRow("SignatureDoesNotMatch", () -> wrong.allocatePublicIpAddress(new AllocatePublicIpAddressRequest().setInstanceId("i-demo-running-01")));
        // nothing was allocated: the right key still gets an address for the instance
        assertNotNull(sdk(mode).allocatePublicIpAddress(new AllocatePublicIpAddressRequest().setInstanceId("i-demo-running-01")).getBody().getIpAddress());
    }

    // ---------------------------------------------------------------- release

    @ParameterizedTest
    @EnumSource(Mode.class)
    @Reaches(value = "InvalidIpAddress.NotFound.NotHeld", schemes = {Scheme.V1, Scheme.ACS3})
    void releasesAndTheAddressCanBeAllocatedAgain(Mode mode) throws Exception {
        Client sdk = sdk(mode);
        String address = sdk.allocatePublicIpAddress(new AllocatePublicIpAddressRequest().setInstanceId("i-demo-running-01")).getBody().getIpAddress();

        ReleasePublicIpAddressResponse released = sdk.releasePublicIpAddress(
                new ReleasePublicIpAddressRequest().setPublicIpAddress(address).setInstanceId("i-demo-running-01"));
        assertEquals(200, released.getStatusCode());
        assertTrue(released.getBody().getRequestId().matches(UUID_UPPER), released.getBody().getRequestId());
        assertEquals("application/json;charset=utf-8", header(released.getHeaders(), "content-type"));

        // the address is back in the pool: another instance gets exactly it
        AllocatePublicIpAddressResponse again = sdk.allocatePublicIpAddress(
                new AllocatePublicIpAddressRequest().setInstanceId("i-demo-running-02").setIpAddress(address));
        assertEquals(address, again.getBody().getIpAddress());
        // and the first instance may allocate again, so its release took effect too
        assertNotNull(sdk.allocatePublicIpAddress(new AllocatePublicIpAddressRequest().setInstanceId("i-demo-running-01")).getBody().getIpAddress());

        sdk.releasePublicIpAddress(new ReleasePublicIpAddressRequest().setPublicIpAddress(address).setInstanceId("i-demo-running-02"));
        // now nobody holds it: releasing it again, with or without an instance, is the error row
        assertRow("InvalidIpAddress.NotFound.NotHeld", () -> sdk.releasePublicIpAddress(
                new ReleasePublicIpAddressRequest().setPublicIpAddress(address).setInstanceId("i-demo-running-02")));
        assertRow("InvalidIpAddress.NotFound.NotHeld", () -> sdk.releasePublicIpAddress(
                new ReleasePublicIpAddressRequest().setPublicIpAddress(address)));
    }

    // ---------------------------------------------------------------- dates and nonces

    @ParameterizedTest
    @EnumSource(Mode.class)
    @Reaches(value = "InvalidTimeStamp.Expired", schemes = {Scheme.V1, Scheme.ACS3})
    void aDateTwentyMinutesOldIsExpired(Mode mode) {
        Instant old = Instant.now().minus(Duration.ofMinutes(20));
        assertRow("InvalidTimeStamp.Expired", () -> sdk(mode).allocatePublicIpAddressWithOptions(
                new AllocatePublicIpAddressRequest().setInstanceId("i-demo-running-01"), fixed(mode, null, old)));
    }

    @Test
    @Reaches(value = "InvalidTimeStamp.Expired", schemes = {Scheme.ACS3})
    void aHandSignedAcs3RequestTwentyMinutesOldIsExpired() {
        Instant old = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> query = Map.of("InstanceId", "i-demo-running-01");
        HttpResponse<String> refused = rawAcs3("POST", query, acs3Headers("POST", query, ACTION, new byte[0], null,
                Map.of(SignatureAcs3.DATE, old.toString()), null), null);
        assertJsonRow("InvalidTimeStamp.Expired", refused.statusCode(), refused.body());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    @Reaches(value = "SignatureNonceUsed", schemes = {Scheme.V1, Scheme.ACS3})
    void theSdkRequestWithAFixedNonceIsRefusedTheSecondTime(Mode mode) {
        RuntimeOptions sameNonce = fixed(mode, newNonce(), null);
        Client sdk = sdk(mode);
        assertRow("InstanceLockedForSecurity", () -> sdk.allocatePublicIpAddressWithOptions(
                new AllocatePublicIpAddressRequest().setInstanceId("i-demo-locked"), sameNonce));
        assertRow("SignatureNonceUsed", () -> sdk.allocatePublicIpAddressWithOptions(
                new AllocatePublicIpAddressRequest().setInstanceId("i-demo-locked"), sameNonce));
    }

    @Test
    @Reaches(value = "SignatureNonceUsed", schemes = {Scheme.ACS3})
    void theSameSignedAcs3RequestSentTwiceIsRefusedTheSecondTime() {
        Map<String, String> query = Map.of("InstanceId", "i-demo-locked");
        Map<String, String> headers = acs3Headers("POST", query, ACTION);
        HttpResponse<String> first = rawAcs3("POST", query, headers, null);
        assertJsonRow("InstanceLockedForSecurity", first.statusCode(), first.body());
        HttpResponse<String> replayed = rawAcs3("POST", query, headers, null);
        assertJsonRow("SignatureNonceUsed", replayed.statusCode(), replayed.body());
    }

    @Test
    @Reaches(value = "SignatureNonceUsed", schemes = {Scheme.V1, Scheme.ACS3})
    void oneNonceLedgerForBothSchemes() {
        // V1 first, then ACS3, with the same key and nonce
        String nonce = newNonce();
        assertRow("InstanceLockedForSecurity", () -> sdk(Mode.V1).allocatePublicIpAddressWithOptions(
                new AllocatePublicIpAddressRequest().setInstanceId("i-demo-locked"), fixed(Mode.V1, nonce, null)));
        assertRow("SignatureNonceUsed", () -> sdk(Mode.ACS3).allocatePublicIpAddressWithOptions(
                new AllocatePublicIpAddressRequest().setInstanceId("i-demo-locked"), fixed(Mode.ACS3, nonce, null)));

        // and the other way round
        String other = newNonce();
        assertRow("InstanceLockedForSecurity", () -> sdk(Mode.ACS3).allocatePublicIpAddressWithOptions(
                new AllocatePublicIpAddressRequest().setInstanceId("i-demo-locked"), fixed(Mode.ACS3, other, null)));
        assertRow("SignatureNonceUsed", () -> sdk(Mode.V1).allocatePublicIpAddressWithOptions(
                new AllocatePublicIpAddressRequest().setInstanceId("i-demo-locked"), fixed(Mode.V1, other, null)));
    }

    @Test
    @Reaches(value = "SignatureNonceUsed", schemes = {Scheme.V1, Scheme.ACS3})
    void aNonceUsedOnOneReplicaIsRefusedOnTheOtherWhateverTheScheme() throws Exception {
        Assumptions.assumeTrue(Deployment.targetsPackagedServer(), "needs the packaged server, not a deployment given by URL");
        Assumptions.assumeTrue(DatabaseOutageTest.postgresReachable(), "needs PostgreSQL on 127.0.0.1:5432");
        String schema = "v2sdk_replicas_" + System.currentTimeMillis();
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
            admin.createStatement().execute("CREATE SCHEMA " + schema);
        }
        Map<String, String> database = Map.of(
                "DATASOURCES_DEFAULT_URL", "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema,
                "DATASOURCES_DEFAULT_USERNAME", "postgres", "DATASOURCES_DEFAULT_PASSWORD", "");
        Deployment a = Deployment.startPackaged("v2sdk-replica-a", database);
        Deployment b = null;
        try {
            b = Deployment.startPackaged("v2sdk-replica-b", database);

            // the identical ACS3 request, byte for byte (Host included, as behind one load
            // balancer), signed with A's key: to A, then to B
            Map<String, String> headers = new ProtocolTest.E2eTestOn(a).acs3Headers("POST", Map.of("InstanceId", "i-demo-locked"), ACTION);
            String host = URI.create(a.apiUrl()).getAuthority();
            RawAnswer onA = sendRaw(a.apiUrl(), host, headers, "i-demo-locked");
            assertJsonRow("InstanceLockedForSecurity", onA.status(), onA.body());
            RawAnswer onB = sendRaw(b.apiUrl(), host, headers, "i-demo-locked");
            assertJsonRow("SignatureNonceUsed", onB.status(), onB.body());

            // through the SDK: a nonce a V1 request used on A is refused to an ACS3 request on B
            String nonce = newNonce();
            Deployment replicaB = b;
            assertRow("InstanceLockedForSecurity", () -> sdk(Mode.V1, a, a.accessKeySecret()).allocatePublicIpAddressWithOptions(
                    new AllocatePublicIpAddressRequest().setInstanceId("i-demo-locked"), fixed(Mode.V1, nonce, null)));
            assertRow("SignatureNonceUsed", () -> sdk(Mode.ACS3, replicaB, a.accessKeyId(), a.accessKeySecret()).allocatePublicIpAddressWithOptions(
                    new AllocatePublicIpAddressRequest().setInstanceId("i-demo-locked"), fixed(Mode.ACS3, nonce, null)));
        } finally {
            a.stop();
            if (b != null) {
                b.stop();
            }
            try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
                admin.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The official client, configured as its documentation says, on the suite's key. */
    Client sdk(Mode mode) {
        return sdk(mode, target, target.accessKeySecret());
    }

    static Client sdk(Mode mode, Deployment deployment, String secret) {
        return sdk(mode, deployment, deployment.accessKeyId(), secret);
    }

    static Client sdk(Mode mode, Deployment deployment, String accessKeyId, String secret) {
        Config config = new Config()
                .setAccessKeyId(accessKeyId)
                .setAccessKeySecret(secret)
                .setEndpoint(URI.create(deployment.apiUrl()).getAuthority())
                .setProtocol("http")
                .setRegionId("cn-hangzhou");
        if (mode.signatureAlgorithm != null) {
            config.setSignatureAlgorithm(mode.signatureAlgorithm);
        }
        try {
            return new Client(config);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runtime options that make the SDK send this nonce and/or this date (null: its own), in the
     * mode's own place: x-acs-* headers for ACS3, Timestamp/SignatureNonce parameters for V1.
     */
    static RuntimeOptions fixed(Mode mode, String nonce, Instant date) {
        Map<String, String> values = new HashMap<>();
        if (nonce != null) {
            values.put(mode != Mode.V1 ? SignatureAcs3.NONCE : "SignatureNonce", nonce);
        }
        if (date != null) {
            values.put(mode != Mode.V1 ? SignatureAcs3.DATE : "Timestamp", date.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        ExtendsParameters extend = new ExtendsParameters();
        if (mode != Mode.V1) {
            extend.setHeaders(values);
        } else {
            extend.setQueries(values);
        }
        RuntimeOptions runtime = new RuntimeOptions();
        runtime.extendsParameters = extend;
        return runtime;
    }

    static String newNonce() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** The row's message as the server sends it; for the signature rows, up to the string to sign. */
    static String expectedMessage(ErrorCatalogue.Entry row) {
        return row.message().contains("string to sign is:")
                ? row.message().substring(0, row.message().indexOf("is:") + 3) : row.message();
    }

    /** The call fails with the contract's row: code, message, HTTP status and a RequestId, as the SDK reports them. */
    static TeaException assertRow(String key, Executable call) {
        ErrorCatalogue.Entry row = CATALOGUE.get(key);
        TeaException e = assertThrows(TeaException.class, call, key);
        Map<String, Object> data = e.getData();
        assertNotNull(data, "no data in " + e.getMessage());
        assertEquals(row.code(), e.getCode(), key + ": " + e.getMessage() + " " + data);
        assertEquals(row.httpStatus(), e.getStatusCode(), key + ": " + data);
        String message = expectedMessage(row);
        String sent = String.valueOf(data.get("Message"));
        if (message.equals(row.message())) {
            assertEquals(message, sent, key);
        } else {
            assertTrue(sent.startsWith(message), key + ": " + sent);
        }
        Object requestId = data.get("RequestId");
        assertTrue(requestId instanceof String id && id.matches(UUID_UPPER), key + ": RequestId " + requestId + " in " + data);
        // tea-openapi's own summary: "code: <status>, <Message> request id: <RequestId>"
        assertTrue(e.getMessage().startsWith("code: " + row.httpStatus() + ", " + message), e.getMessage());
        assertTrue(e.getMessage().endsWith("request id: " + requestId), e.getMessage());
        return e;
    }

    static void assertJsonRow(String key, int status, String body) {
        ErrorCatalogue.Entry row = CATALOGUE.get(key);
        assertEquals(row.httpStatus(), status, key + ": " + body);
        assertTrue(body.contains("\"Code\":\"" + row.code() + "\""), key + ": " + body);
        assertTrue(body.replace("\\\"", "\"").contains(expectedMessage(row)), key + ": " + body);
        assertTrue(body.matches("(?s).*\"RequestId\":\"" + UUID_UPPER + "\".*"), key + ": " + body);
    }

    static String header(Map<String, String> headers, String name) {
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    record RawAnswer(int status, String contentType, String body) {
    }

    /**
     * Sends the hand-signed request over a plain socket, with the Host header given (java.net.http
     * always sends the URL's), as HTTP/1.1 with Connection: close; checked against the contract.
     */
    static RawAnswer sendRaw(String apiUrl, String host, Map<String, String> headers, String instanceId) throws IOException {
        URI uri = URI.create(apiUrl);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder("POST /?InstanceId=" + instanceId + " HTTP/1.1\r\n")
                    .append("Host: ").append(host).append("\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            request.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] all = readAll(socket.getInputStream());
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            assertTrue(split > 0, "no HTTP response: " + text);
            String[] head = text.substring(0, split).split("\r\n");
            int status = Integer.parseInt(head[0].split(" ")[1]);
            Map<String, String> responseHeaders = new HashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                responseHeaders.put(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), head[i].substring(colon + 1).trim());
            }
            byte[] body = java.util.Arrays.copyOfRange(all, split + 4, all.length);
            if ("chunked".equalsIgnoreCase(responseHeaders.get("transfer-encoding"))) {
                body = dechunk(body);
            }
            String bodyText = new String(body, StandardCharsets.UTF_8);
            WireContract.check(false, "POST", "/", status, responseHeaders.get("content-type"), bodyText);
            return new RawAnswer(status, responseHeaders.get("content-type"), bodyText);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOfCrlf(chunked, at);
            String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("a chunk without its size line");
    }
}
