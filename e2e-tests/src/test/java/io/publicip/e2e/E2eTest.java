package io.publicip.e2e;

import com.aliyuncs.ecs.model.v20140526.AllocatePublicIpAddressRequest;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.ProtocolType;
import io.publicip.client.api.EcsApi;
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
    final EcsApi ecs;
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
        this.instances = target.client(InstancesApi.class);
        this.vlans = target.client(VlansApi.class);
        this.allocations = target.client(AllocationsApi.class);
        this.faults = target.client(GatewayFaultsApi.class);
        this.state = target.client(StateApi.class);
    }

    static final HttpClient HTTP = HttpClient.newHttpClient();

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
        return raw(false, target.apiUrl(), method, pathAndQuery, contentType, body);
    }

    /** A raw request to the operator API, checked against its contract. */
    HttpResponse<String> rawOperator(String method, String path, String json) {
        return raw(true, target.operatorUrl(), method, path, json == null ? null : "application/json", json);
    }

    private HttpResponse<String> raw(boolean operator, String base, String method, String pathAndQuery, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (operator && target.operatorToken() != null) {
            request.header("Authorization", "Bearer " + target.operatorToken());
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String path = URI.create(base + pathAndQuery).getPath();
            WireContract.check(operator, method, path.isEmpty() ? "/" : path, response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null), response.body());
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
