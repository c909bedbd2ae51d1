package io.publicip.e2e;

import com.aliyuncs.ecs.model.v20140526.AllocatePublicIpAddressRequest;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.ProtocolType;
import io.publicip.client.api.EcsApi;
import io.publicip.client.release.api.EcsReleaseApi;
import io.publicip.contract.rpc.SignatureAcs3;
import io.publicip.client.operator.api.AllocationsApi;
import io.publicip.client.operator.api.GatewayFaultsApi;
import io.publicip.client.operator.api.InstancesApi;
import io.publicip.client.operator.api.StateApi;
import io.publicip.client.operator.api.VlansApi;
import io.publicip.contract.rpc.SignatureV1;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * What every test of the suite has: the deployment, the clients generated from the contracts,
 * and a raw HTTP client for what those never send. Every response is checked against the
 * contracts on the way in.
 */
@ExtendWith(ContractOnTheWire.class)
abstract class E2eTest {

    static final String ACTION = "AllocatePublicIpAddress";
    static final String UUID_UPPER = "[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}";

    final Deployment target;
    /** AllocatePublicIpAddress, signed with ACS3-HMAC-SHA256 (as today's SDKs) and with Signature V1 (as the legacy ones). */
    final EcsApi ecs;
    final EcsApi ecsV1;
    /** ReleasePublicIpAddress, in the same two schemes. */
    final EcsReleaseApi release;
    final EcsReleaseApi releaseV1;
    final InstancesApi instances;
    final VlansApi vlans;
    final AllocationsApi allocations;
    final GatewayFaultsApi faults;
    final StateApi state;

    E2eTest() {
        this(Deployment.get());
    }

    E2eTest(Deployment target) {
        this.target = target;
        this.ecs = target.client(EcsApi.class);
        this.ecsV1 = target.clientV1(EcsApi.class);
        this.release = target.client(EcsReleaseApi.class);
        this.releaseV1 = target.clientV1(EcsReleaseApi.class);
        this.instances = target.client(InstancesApi.class);
        this.vlans = target.client(VlansApi.class);
        this.allocations = target.client(AllocationsApi.class);
        this.faults = target.client(GatewayFaultsApi.class);
        this.state = target.client(StateApi.class);
    }

    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A raw JSON answer is the row: its status, Code and Message (up to the server's string to sign, for rows that end with it). */
    static void assertRawRow(String key, HttpResponse<String> response) {
        io.publicip.contract.ErrorCatalogue.Entry row = ROWS.get(key);
        org.junit.jupiter.api.Assertions.assertEquals(row.httpStatus(), response.statusCode(), response.body());
        org.junit.jupiter.api.Assertions.assertTrue(response.body().contains("\"Code\":\"" + row.code() + "\""), response.body());
        String message = row.message().contains("string to sign is:")
                ? row.message().substring(0, row.message().indexOf("is:") + 3) : row.message();
        org.junit.jupiter.api.Assertions.assertTrue(response.body().replace("\\\"", "\"").contains(message), response.body());
    }

    private static final io.publicip.contract.ErrorCatalogue ROWS = io.publicip.contract.ErrorCatalogue.load();

    /**
     * The query string of a request signed with the suite's key (signature version 1.0), with
     * another secret when {@code secret} is given. {@code overrides} forge a request: they
     * replace (or, when null, remove) parameters before the signature is computed over them.
     */
    String signedQuery(String method, Map<String, String> parameters, Map<String, String> overrides, String secret) {
        String key = secret != null ? secret : target.accessKeySecret();
        Map<String, String> all = SignatureV1.signedParameters(method, parameters, target.accessKeyId(), key);
        if (!overrides.isEmpty()) {
            all.remove(SignatureV1.SIGNATURE);
            overrides.forEach((name, value) -> {
                if (value == null) {
                    all.remove(name);
                } else {
                    all.put(name, value);
                }
            });
            all.put(SignatureV1.SIGNATURE, SignatureV1.sign(key, SignatureV1.stringToSign(method, all)));
        }
        return SignatureV1.queryString(all);
    }

    String signedQuery(String method, Map<String, String> parameters) {
        return signedQuery(method, parameters, Map.of(), null);
    }

    /** An official Java SDK request for the instance, pointed at the deployment. */
    AllocatePublicIpAddressRequest sdkRequest(String instanceId, FormatType format) {
        AllocatePublicIpAddressRequest request = new AllocatePublicIpAddressRequest();
        request.setSysEndpoint(URI.create(target.apiUrl()).getAuthority());
        request.setSysProtocol(ProtocolType.HTTP);
        request.setSysAcceptFormat(format);
        request.setInstanceId(instanceId);
        return request;
    }

    /** A raw request to the public API ({@code pathAndQuery} after the host), checked against its contract. */
    HttpResponse<String> rawApi(String method, String pathAndQuery, String contentType, String body) {
        return raw(false, target.apiUrl(), method, pathAndQuery, contentType, body, Map.of());
    }

    /**
     * The headers of an ACS3-HMAC-SHA256 request as today's SDKs send it (the parameters in the
     * query, {@code Accept: application/json}), signed with the suite's key or {@code secret}.
     * {@code forged} replace (or, when null, remove) headers before the signature is computed
     * over every header left, so that a test can sign a stale date or a used nonce.
     */
    Map<String, String> acs3Headers(String method, Map<String, String> query, String action, byte[] body, String contentType,
                                    Map<String, String> forged, String secret) {
        Map<String, String> signed = new java.util.TreeMap<>();
        signed.put("host", URI.create(target.apiUrl()).getRawAuthority());
        signed.put(SignatureAcs3.ACTION, action);
        signed.put(SignatureAcs3.VERSION, "2014-05-26");
        signed.put(SignatureAcs3.DATE, java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        signed.put(SignatureAcs3.NONCE, java.util.UUID.randomUUID().toString());
        signed.put(SignatureAcs3.CONTENT_SHA256, SignatureAcs3.sha256Hex(body));
        if (contentType != null) {
            signed.put("content-type", contentType);
        }
        forged.forEach((name, value) -> {
            if (value == null) {
                signed.remove(name);
            } else {
                signed.put(name, value);
            }
        });
        String signature = SignatureAcs3.sign(secret != null ? secret : target.accessKeySecret(), SignatureAcs3.stringToSign(
                SignatureAcs3.canonicalRequest(method, "/", query, signed, signed.getOrDefault(SignatureAcs3.CONTENT_SHA256, ""))));
        Map<String, String> headers = new java.util.LinkedHashMap<>(signed);
        headers.remove("host");
        headers.put(SignatureAcs3.AUTHORIZATION, SignatureAcs3.authorization(target.accessKeyId(), signed.keySet(), signature));
        headers.put("accept", "application/json");
        return headers;
    }

    Map<String, String> acs3Headers(String method, Map<String, String> query, String action) {
        return acs3Headers(method, query, action, new byte[0], null, Map.of(), null);
    }

    /** A raw ACS3 request: the query, then the headers (from {@link #acs3Headers}, perhaps tampered with). */
    HttpResponse<String> rawAcs3(String method, Map<String, String> query, Map<String, String> headers, String body) {
        String pathAndQuery = "/" + (query.isEmpty() ? "" : "?" + SignatureV1.queryString(query));
        return raw(false, target.apiUrl(), method, pathAndQuery, null, body, headers);
    }

    /** The operator port's Prometheus text (not part of the operator contract). */
    HttpResponse<String> rawMetrics() {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.operatorUrl() + "/prometheus")).GET();
        if (target.operatorToken() != null) {
            request.header("Authorization", "Bearer " + target.operatorToken());
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A raw request to the operator API, checked against its contract. */
    HttpResponse<String> rawOperator(String method, String path, String json) {
        return rawOperator(method, path, json, Map.of());
    }

    /** A raw request to the operator API with headers of its own, checked against its contract. */
    HttpResponse<String> rawOperator(String method, String path, String json, Map<String, String> headers) {
        return raw(true, target.operatorUrl(), method, path, json == null ? null : "application/json", json, headers);
    }

    private HttpResponse<String> raw(boolean operator, String base, String method, String pathAndQuery, String contentType, String body,
                                     Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        if (operator && target.operatorToken() != null) {
            request.header("Authorization", "Bearer " + target.operatorToken());
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String path = URI.create(base + pathAndQuery).getPath();
            String contentTypeAnswered = response.headers().firstValue("Content-Type").orElse(null);
            if (operator) {
                WireContract.check(true, method, path, response.statusCode(), contentTypeAnswered, response.body());
            } else {
                WireContract.checkRpc(actionOf(headers, pathAndQuery, body), method, path.isEmpty() ? "/" : path, response.statusCode(),
                        contentTypeAnswered, response.body());
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The action a raw request names: x-acs-action, else the Action parameter of the query or form body. */
    private static String actionOf(Map<String, String> headers, String pathAndQuery, String body) {
        if (headers.containsKey(SignatureAcs3.ACTION)) {
            return headers.get(SignatureAcs3.ACTION);
        }
        int query = pathAndQuery.indexOf('?');
        for (String part : ((query < 0 ? "" : pathAndQuery.substring(query + 1)) + "&" + (body == null ? "" : body)).split("&")) {
            if (part.startsWith("Action=")) {
                try {
                    return java.net.URLDecoder.decode(part.substring(7), java.nio.charset.StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformed) {
                    return null;
                }
            }
        }
        return null;
    }
}
