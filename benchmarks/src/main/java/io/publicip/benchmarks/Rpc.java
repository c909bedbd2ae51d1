package io.publicip.benchmarks;

import io.publicip.launcher.PackagedServer;
import io.publicip.contract.rpc.SignatureAcs3;
import io.publicip.contract.rpc.SignatureV1;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Signed AllocatePublicIpAddress requests (Signature V1 or ACS3), and the operator calls the harness needs. */
final class Rpc {

    private static final Pattern IP = Pattern.compile("\"IpAddress\":\"([0-9.]+)\"");
    private static final Pattern CODE = Pattern.compile("\"Code\":\"([^\"]+)\"");
    private static final Pattern FIELD = Pattern.compile("\"(accessKeyId|secret)\":\"([^\"]*)\"");

    final String accessKeyId;
    final String secret;
    final int apiPort;
    final int operatorPort;

    private Rpc(String accessKeyId, String secret, int apiPort, int operatorPort) {
        this.accessKeyId = accessKeyId;
        this.secret = secret;
        this.apiPort = apiPort;
        this.operatorPort = operatorPort;
    }

    /** Creates an access key of the run's own through the operator API. */
    static Rpc against(PackagedServer server) throws IOException {
        try (RawHttp operator = new RawHttp("127.0.0.1", server.operatorPort())) {
            RawHttp.Response created = operator.send("POST", "/v1/access-keys", "application/json", "{}");
            if (created.status() != 201) {
                throw new IllegalStateException("cannot create an access key: " + created);
            }
            Matcher m = FIELD.matcher(created.body());
            String id = null;
            String secret = null;
            while (m.find()) {
                if (m.group(1).equals("accessKeyId")) {
                    id = m.group(2);
                } else {
                    secret = m.group(2);
                }
            }
            return new Rpc(id, secret, server.apiPort(), server.operatorPort());
        }
    }

    /** The path and query of a signed allocation for the instance, from the VLAN when one is given. */
    String allocation(String instanceId, Integer vlanId) {
        Map<String, String> parameters = new TreeMap<>();
        parameters.put("Action", "AllocatePublicIpAddress");
        parameters.put("Version", "2014-05-26");
        parameters.put("Format", "JSON");
        parameters.put("InstanceId", instanceId);
        if (vlanId != null) {
            parameters.put("VlanId", String.valueOf(vlanId));
        }
        return "/?" + SignatureV1.queryString(SignatureV1.signedParameters("GET", parameters, accessKeyId, secret));
    }

    /** A signed allocation for the instance sent on the connection, in the scheme given: Signature V1, or ACS3 as today's SDKs sign. */
    RawHttp.Response allocate(RawHttp api, String instanceId, boolean acs3) throws IOException {
        if (!acs3) {
            return api.send("GET", allocation(instanceId, null), null, null);
        }
        return call(api, "AllocatePublicIpAddress", Map.of("InstanceId", instanceId));
    }

    /** Any action with these parameters, signed with ACS3 as today's SDKs sign. */
    RawHttp.Response call(RawHttp api, String action, Map<String, String> query) throws IOException {
        Map<String, String> headers = new java.util.LinkedHashMap<>(SignatureAcs3.signedHeaders("GET", api.hostHeader(), query, Map.of(),
                new byte[0], action, "2014-05-26", accessKeyId, secret));
        headers.put("Accept", "application/json");
        return api.send("GET", "/?" + SignatureV1.queryString(query), null, null, headers);
    }

    /** The address of a successful answer, or null. */
    static String address(RawHttp.Response response) {
        if (response.status() != 200) {
            return null;
        }
        Matcher m = IP.matcher(response.body());
        return m.find() ? m.group(1) : null;
    }

    /** The error code of an answer, or its status when it has none. */
    static String code(RawHttp.Response response) {
        Matcher m = CODE.matcher(response.body());
        return m.find() ? m.group(1) : "HTTP " + response.status();
    }

    static void createVlan(RawHttp operator, int vlanId, String region, String cidr) throws IOException {
        RawHttp.Response r = operator.send("POST", "/v1/vlans", "application/json",
                "{\"vlanId\":" + vlanId + ",\"regionId\":\"" + region + "\",\"cidrs\":[\"" + cidr + "\"]}");
        if (r.status() != 201) {
            throw new IllegalStateException("cannot create VLAN " + vlanId + ": " + r);
        }
    }

    /** Creates the instance, or replaces it: running, classic, allocatable. */
    static int putInstance(RawHttp operator, String instanceId, String region) throws IOException {
        return operator.send("PUT", "/v1/instances/" + instanceId, "application/json", "{\"instanceId\":\"" + instanceId + "\",\"regionId\":\""
                + region + "\",\"status\":\"Running\",\"networkType\":\"classic\",\"internetMaxBandwidthOut\":5,"
                + "\"chargeType\":\"PostPaid\",\"inArrears\":false}").status();
    }

    static boolean release(RawHttp operator, String address) throws IOException {
        return operator.send("DELETE", "/v1/allocations/" + address, null, null).status() == 204;
    }
}
