package io.publicip.e2e;

import io.publicip.e2e.Reaches.Scheme;

import io.publicip.client.operator.model.Allocation;
import io.publicip.client.operator.model.AllocationPage;
import io.publicip.client.operator.model.Instance;
import io.publicip.client.operator.model.Vlan;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Real concurrency over HTTP: requests released together from 64 threads, each on its own
 * connection, spread over every replica of the deployment, signed alternately with Signature V1
 * and ACS3. The database decides every race exactly once, and the operator API shows the
 * outcome is consistent.
 */
class RacesTest extends E2eTest {

    static final int RACERS = 64;
    static final Pattern CODE = Pattern.compile("\"Code\":\"([^\"]+)\"");
    static final Pattern IP = Pattern.compile("\"IpAddress\":\"([^\"]+)\"");

    @BeforeEach
    void raceTrack() {
        state.resetState("empty");
        vlans.createVlan(new Vlan(10, "race", List.of("10.20.0.0/24")));
        vlans.createVlan(new Vlan(11, "race", List.of("10.20.1.0/27")));
        for (int i = 0; i < RACERS; i++) {
            instances.putInstance("i-race-" + i, new Instance("i-race-" + i, "race", Instance.StatusEnum.RUNNING,
                    Instance.NetworkTypeEnum.CLASSIC, 5, Instance.ChargeTypeEnum.POST_PAID));
        }
    }

    @Test
    @Reaches(value = "IpInUse", schemes = {Scheme.V1, Scheme.ACS3})
    void oneAddressSixtyFourInstances() throws Exception {
        List<Map<String, String>> queries = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            queries.add(Map.of("Action", ACTION, "Format", "JSON", "InstanceId", "i-race-" + i, "IpAddress", "10.20.0.50"));
        }
        Map<String, Integer> outcomes = race(queries, new ArrayList<>());
        assertEquals(Map.of("OK", 1, "IpInUse", RACERS - 1), outcomes);
        assertConsistent(1);
    }

    @Test
    @Reaches(value = "AllocatedAlready", schemes = {Scheme.V1, Scheme.ACS3})
    void oneInstanceSixtyFourRequests() throws Exception {
        List<Map<String, String>> queries = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            queries.add(Map.of("Action", ACTION, "Format", "JSON", "InstanceId", "i-race-7"));
        }
        Map<String, Integer> outcomes = race(queries, new ArrayList<>());
        assertEquals(Map.of("OK", 1, "AllocatedAlready", RACERS - 1), outcomes);
        assertConsistent(1);
    }

    @Test
    @Reaches(value = "OperationDenied.VlanId", schemes = {Scheme.V1, Scheme.ACS3})
    void sixteenMoreRequestsThanFreeAddresses() throws Exception {
        int free = 30; // a /27 without network and broadcast
        List<Map<String, String>> queries = new ArrayList<>();
        for (int i = 0; i < free + 16; i++) {
            queries.add(Map.of("Action", ACTION, "Format", "JSON", "InstanceId", "i-race-" + i, "VlanId", "11"));
        }
        List<String> addresses = new ArrayList<>();
        Map<String, Integer> outcomes = race(queries, addresses);
        assertEquals(Map.of("OK", free, "OperationDenied.VlanId", 16), outcomes);
        assertEquals(free, new HashSet<>(addresses).size(), "every success got its own address: " + addresses);
        assertEquals(free, vlans.getVlan(11).body().getUsage().getAllocated());
        assertEquals(0, vlans.getVlan(11).body().getUsage().getFree());
        assertConsistent(free);
    }

    /**
     * An address held by one instance, released by 16 concurrent ReleasePublicIpAddress calls
     * while 16 others allocate it by name: one release succeeds, the others find it not held;
     * an allocation succeeds only after that release, and then only one.
     */
    @Test
    void releasesRacingAllocationsOfTheSameAddress() throws Exception {
        List<Map<String, String>> requests = new ArrayList<>();
        List<String> first = new ArrayList<>();
        race(List.of(Map.of("Action", ACTION, "Format", "JSON", "InstanceId", "i-race-0", "IpAddress", "10.20.0.60")), first);
        assertEquals(List.of("10.20.0.60"), first);
        for (int i = 1; i <= 16; i++) {
            requests.add(Map.of("Action", "ReleasePublicIpAddress", "Format", "JSON", "PublicIpAddress", "10.20.0.60", "InstanceId", "i-race-0"));
            requests.add(Map.of("Action", ACTION, "Format", "JSON", "InstanceId", "i-race-" + i, "IpAddress", "10.20.0.60"));
        }
        List<String> addresses = new ArrayList<>();
        Map<String, Integer> outcomes = race(requests, addresses);
        int allocated = addresses.size();
        assertEquals(1 + allocated, outcomes.getOrDefault("OK", 0), "one release, and at most one allocation: " + outcomes);
        assertEquals(15, outcomes.getOrDefault("InvalidIpAddress.NotFound", 0), outcomes.toString());
        assertEquals(16 - allocated, outcomes.getOrDefault("IpInUse", 0), outcomes.toString());
        assertEquals(32, outcomes.values().stream().mapToInt(Integer::intValue).sum(), "nothing else, no 5xx: " + outcomes);
        assertConsistent(allocated);
    }

    /**
     * Sends the requests at once, the even ones signed with Signature V1 and the odd ones with
     * ACS3; counts outcomes by code ("OK" for a success) and collects the addresses given.
     */
    Map<String, Integer> race(List<Map<String, String>> parameterSets, List<String> addresses) throws Exception {
        List<String> replicas = target.apiUrls();
        List<String> queries = new ArrayList<>();
        List<Map<String, String>> headers = new ArrayList<>();
        for (int i = 0; i < parameterSets.size(); i++) {
            Map<String, String> parameters = new TreeMap<>(parameterSets.get(i));
            if (i % 2 == 0) {
                queries.add(signedQuery("GET", parameters));
                headers.add(Map.of());
            } else {
                // ACS3 signs the Host header: the replica's the request goes to
                String action = parameters.remove("Action");
                queries.add(io.publicip.contract.rpc.SignatureV1.queryString(parameters));
                headers.add(acs3Headers("GET", parameters, action, new byte[0], null,
                        Map.of("host", URI.create(replicas.get(i % replicas.size())).getRawAuthority()), null));
            }
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(queries.size());
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < queries.size(); i++) {
                // spread over the replicas when the deployment has several
                String url = replicas.get(i % replicas.size()) + "/?" + queries.get(i);
                Map<String, String> signedHeaders = headers.get(i);
                answers.add(threads.submit((Callable<HttpResponse<String>>) () -> {
                    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).GET();
                    signedHeaders.forEach(builder::header);
                    HttpRequest request = builder.build();
                    start.await();
                    // a client of its own: its own connection, not a shared pool queue
                    return java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            start.countDown();
            Map<String, Integer> outcomes = new TreeMap<>();
            for (int i = 0; i < answers.size(); i++) {
                HttpResponse<String> response = answers.get(i).get(120, TimeUnit.SECONDS);
                WireContract.checkRpc(parameterSets.get(i).get("Action"), "GET", "/", response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(null), response.body());
                String outcome;
                if (response.statusCode() == 200) {
                    outcome = "OK";
                    Matcher ip = IP.matcher(response.body());
                    if (ip.find()) {
                        addresses.add(ip.group(1)); // an allocation's; a release answers none
                    }
                } else {
                    Matcher code = CODE.matcher(response.body());
                    outcome = code.find() ? code.group(1) : "HTTP " + response.statusCode();
                    if (outcome.equals("OperationDenied") && response.body().contains("\\\"VlanId\\\"")) {
                        outcome = "OperationDenied.VlanId";
                    }
                }
                outcomes.merge(outcome, 1, Integer::sum);
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    /** The operator API shows no address held twice, no instance holding two, and the count expected. */
    void assertConsistent(int expected) {
        List<Allocation> all = new ArrayList<>();
        String token = null;
        do {
            AllocationPage page = allocations.listAllocations(null, null, "race", 1000, token).body();
            all.addAll(page.getAllocations());
            token = page.getNextPageToken();
        } while (token != null);
        Set<String> addresses = new HashSet<>();
        Set<String> holders = new HashSet<>();
        all.forEach(a -> {
            addresses.add(a.getIpAddress());
            holders.add(a.getInstanceId());
        });
        assertEquals(expected, all.size());
        assertEquals(expected, addresses.size(), "an address is held twice: " + all);
        assertEquals(expected, holders.size(), "an instance holds two addresses: " + all);
    }
}
