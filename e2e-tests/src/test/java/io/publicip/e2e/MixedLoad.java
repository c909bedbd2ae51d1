package io.publicip.e2e;

import io.publicip.contract.rpc.SignatureV1;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Jepsen-style mixed workload on a small pool, its journal, and its checker.
 *
 * <p>The world: region "mixed", VLAN 31 (10.31.0.0/26, 62 addresses) and VLAN 32 (10.31.1.0/27,
 * 30), and {@link #INSTANCES} instances (or as many as the caller asks for), more than the addresses. The
 * clients send, at random:
 * dynamic allocations (a third with a VLAN), allocations of a named address (a quarter with its
 * VLAN), ReleasePublicIpAddress (a third naming an instance), operator releases, instance deletes
 * and instance PUTs (which create a deleted one again). RPC calls alternate Signature V1 and ACS3.
 *
 * <p>Every request is journaled with its send and answer times. The checker asserts:
 * <ul>
 *   <li>no 5xx, and no code outside the rules' for each operation;</li>
 *   <li>during the run and at the end: no address or instance held twice, every allocation with
 *       its binding and every binding with its allocation, every counter equal to the real count
 *       (the operator API's audit);</li>
 *   <li>at the end: every acknowledged allocation is held, unless a release or delete that could
 *       have undone it was sent before the end; every held address was acknowledged to, or is in
 *       doubt for, its holder;</li>
 *   <li>every IpInUse, AllocatedAlready and exhaustion answer is explained by the journal: some
 *       allocation could have held the address, the instance's address, or the whole pool, during
 *       the request.</li>
 * </ul>
 */
final class MixedLoad {

    static final int CLIENTS = 16;
    static final int INSTANCES = 110;
    static final String REGION = "mixed";
    static final long VLAN31_FIRST = ip("10.31.0.1");
    static final int VLAN31_SIZE = 62;
    static final long VLAN32_FIRST = ip("10.31.1.1");
    static final int VLAN32_SIZE = 30;
    static final Pattern CODE = Pattern.compile("\"Code\":\"([^\"]+)\"");
    static final Pattern IP = Pattern.compile("\"IpAddress\":\"([^\"]+)\"");

    enum Kind { ALLOCATE, ALLOCATE_NAMED, RELEASE, OPERATOR_RELEASE, DELETE_INSTANCE, PUT_INSTANCE }

    /** One journaled request; {@code answered} is -1 when no answer came (in doubt). */
    record Op(Kind kind, String instance, String address, Integer vlan, long sent, long answered, int status, String code,
              String got) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        boolean inDoubt() {
            return answered < 0 || status >= 500;
        }

        /** When the answer came, or never for one in doubt. */
        long answeredOrEnd() {
            return answered < 0 ? Long.MAX_VALUE : answered;
        }

        @Override
        public String toString() {
            return kind + "(" + instance + (address != null ? " " + address : "") + (vlan != null ? " vlan " + vlan : "") + ") ["
                    + sent / 1_000_000 + ".." + (answered < 0 ? "?" : answered / 1_000_000) + " ms] " + status + " " + code
                    + (got != null ? " " + got : "");
        }
    }

    record Report(int requests, long acknowledged, long inDoubt, long undelivered, Map<String, Integer> outcomes, int audits,
                  List<String> violations) {
        @Override
        public String toString() {
            return "requests=" + requests + ", acknowledged=" + acknowledged + ", in doubt=" + inDoubt + ", never delivered="
                    + undelivered + ", audits during the run="
                    + audits + ", outcomes=" + outcomes + (violations.isEmpty() ? ", no violations"
                    : ", violations=" + violations.size() + ": " + violations.subList(0, Math.min(20, violations.size())));
        }
    }

    /** Where a client sends: a replica's URL, signed with the key of the suite that knows it. */
    private record Endpoint(E2eTest suite, String url) {
    }

    private final List<Endpoint> endpoints = new ArrayList<>();
    private final E2eTest operator;
    private final long seconds;
    private final ConcurrentLinkedQueue<Op> journal = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong checked = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong undelivered = new java.util.concurrent.atomic.AtomicLong();
    /** Per client thread: whether its previous request got no answer (its connection is gone). */
    private final ThreadLocal<Boolean> failed = ThreadLocal.withInitial(() -> false);

    private final int instances;
    private volatile int audits;
    private long origin;

    MixedLoad(List<E2eTest> suites, E2eTest operator, long seconds) {
        this(suites, operator, seconds, INSTANCES);
    }

    /** With {@code instances} instances: three times the addresses makes nearly every request race another. */
    MixedLoad(List<E2eTest> suites, E2eTest operator, long seconds, int instances) {
        this.instances = instances;
        for (E2eTest suite : suites) {
            suite.target.apiUrls().forEach(url -> endpoints.add(new Endpoint(suite, url)));
        }
        this.operator = operator;
        this.seconds = seconds;
    }

    static long seconds() {
        return Long.getLong("publicip.e2e.mixed-seconds", 20);
    }

    /** An empty world with the two VLANs and the instances. */
    void prepare() {
        expect(204, operator.rawOperator("POST", "/v1/state/reset?to=empty", null));
        StringBuilder document = new StringBuilder("{\"vlans\":[{\"vlanId\":31,\"regionId\":\"" + REGION + "\",\"cidrs\":[\"10.31.0.0/26\"]},"
                + "{\"vlanId\":32,\"regionId\":\"" + REGION + "\",\"cidrs\":[\"10.31.1.0/27\"]}],\"instances\":[");
        for (int i = 0; i < instances; i++) {
            document.append(i == 0 ? "" : ",").append(instanceJson(instance(i)));
        }
        document.append("],\"allocations\":[]}");
        expect(204, operator.rawOperator("PUT", "/v1/state", document.toString()));
    }

    /**
     * Runs the clients and the checker for the configured time; {@code midway}, when given, runs
     * once the load is well under way (a kill, say), and the load goes on after it.
     */
    void run(Runnable midway) throws InterruptedException {
        origin = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Endpoint endpoint = endpoints.get(c % endpoints.size());
            int client = c;
            Thread thread = new Thread(() -> client(client, endpoint), "mixed-client-" + c);
            thread.start();
            threads.add(thread);
        }
        Thread checker = new Thread(this::checkWhileRunning, "mixed-checker");
        checker.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        if (midway != null) {
            Thread.sleep(Duration.ofSeconds(seconds).toMillis() / 3 + ThreadLocalRandom.current().nextLong(1000));
            midway.run();
        }
        Thread.sleep(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(Duration.ofMinutes(2).toMillis());
        }
        checker.join(Duration.ofMinutes(1).toMillis());
    }

    private void client(int client, Endpoint endpoint) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int sent = 0;
        while (!stop.get()) {
            int roll = random.nextInt(100);
            String instance = instance(random.nextInt(instances));
            long address = randomAddress(random);
            boolean acs3 = (sent++ + client) % 2 == 1;
            if (roll < 25) {
                Integer vlan = random.nextInt(3) == 0 ? 31 + random.nextInt(2) : null;
                Map<String, String> p = new TreeMap<>(Map.of("InstanceId", instance));
                if (vlan != null) {
                    p.put("VlanId", vlan.toString());
                }
                rpc(http, endpoint, acs3, "AllocatePublicIpAddress", p, Kind.ALLOCATE, instance, null, vlan);
            } else if (roll < 45) {
                Integer vlan = random.nextInt(4) == 0 ? vlanOf(address) : null;
                Map<String, String> p = new TreeMap<>(Map.of("InstanceId", instance, "IpAddress", text(address)));
                if (vlan != null) {
                    p.put("VlanId", vlan.toString());
                }
                rpc(http, endpoint, acs3, "AllocatePublicIpAddress", p, Kind.ALLOCATE_NAMED, instance, text(address), vlan);
            } else if (roll < 65) {
                boolean named = random.nextInt(3) == 0;
                Map<String, String> p = new TreeMap<>(Map.of("PublicIpAddress", text(address)));
                if (named) {
                    p.put("InstanceId", instance);
                }
                rpc(http, endpoint, acs3, "ReleasePublicIpAddress", p, Kind.RELEASE, named ? instance : null, text(address), null);
            } else if (roll < 75) {
                operator(http, "DELETE", "/v1/allocations/" + text(address), null, Kind.OPERATOR_RELEASE, null, text(address));
            } else if (roll < 83) {
                operator(http, "DELETE", "/v1/instances/" + instance, null, Kind.DELETE_INSTANCE, instance, null);
            } else {
                operator(http, "PUT", "/v1/instances/" + instance, instanceJson(instance), Kind.PUT_INSTANCE, instance, null);
            }
        }
    }

    private void rpc(HttpClient http, Endpoint endpoint, boolean acs3, String action, Map<String, String> parameters, Kind kind,
                     String instance, String address, Integer vlan) {
        Map<String, String> query = new TreeMap<>(parameters);
        query.put("Format", "JSON");
        HttpRequest.Builder request;
        if (acs3) {
            Map<String, String> headers = endpoint.suite().acs3Headers("GET", query, action, new byte[0], null,
                    Map.of("host", URI.create(endpoint.url()).getRawAuthority()), null);
            request = HttpRequest.newBuilder(URI.create(endpoint.url() + "/?" + SignatureV1.queryString(query)));
            headers.forEach(request::header);
        } else {
            query.put("Action", action);
            request = HttpRequest.newBuilder(URI.create(endpoint.url() + "/?" + endpoint.suite().signedQuery("GET", query)));
        }
        send(http, request.timeout(Duration.ofSeconds(60)).GET().build(), kind, instance, address, vlan, action);
    }

    private void operator(HttpClient http, String method, String path, String json, Kind kind, String instance, String address) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(operator.target.operatorUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (operator.target.operatorToken() != null) {
            request.header("Authorization", "Bearer " + operator.target.operatorToken());
        }
        send(http, request.build(), kind, instance, address, null, null);
    }

    private void send(HttpClient http, HttpRequest request, Kind kind, String instance, String address, Integer vlan, String action) {
        long sent = System.nanoTime() - origin;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long answered = System.nanoTime() - origin;
            String code = "OK";
            String got = null;
            if (response.statusCode() >= 300) {
                Matcher m = (action != null ? CODE : Pattern.compile("\"title\":\"([^\"]+)\"")).matcher(response.body());
                code = m.find() ? m.group(1) : "HTTP " + response.statusCode();
                if (code.equals("OperationDenied") && response.body().contains("VlanId")) {
                    code = "OperationDenied.VlanId";
                }
            } else if (kind == Kind.ALLOCATE || kind == Kind.ALLOCATE_NAMED) {
                Matcher m = IP.matcher(response.body());
                got = m.find() ? m.group(1) : null;
            }
            // the contract check costs the client more CPU than the server spends on the request:
            // a sample of the answers keeps the load on the server
            try {
                if (checked.incrementAndGet() % 8 != 1) {
                    // not this one
                } else if (action != null) {
                    WireContract.checkRpc(action, "GET", "/", response.statusCode(),
                            response.headers().firstValue("Content-Type").orElse(null), response.body());
                } else {
                    WireContract.check(true, request.method(), request.uri().getPath(), response.statusCode(),
                            response.headers().firstValue("Content-Type").orElse(null), response.body());
                }
            } catch (AssertionError wrong) {
                violations.add("answer off the contract: " + wrong.getMessage());
            }
            failed.set(false);
            Op op = new Op(kind, instance, address, vlan, sent, answered, response.statusCode(), code, got);
            if (response.statusCode() >= 500) {
                violations.add("5xx: " + op + " " + response.body());
            }
            journal.add(op);
        } catch (java.net.ConnectException refused) {
            if (!failed.get()) {
                // the first failure of this client's connection: the HTTP client retries a request
                // (GET, PUT, DELETE) whose connection died before an answer on a new connection,
                // whose refusal is what surfaces, so the request may have been carried out
                failed.set(true);
                journal.add(new Op(kind, instance, address, vlan, sent, -1, 0, "no answer: refused on retry", null));
                return;
            }
            // never delivered (the replica is down): nothing to decide, and no reason to spin
            undelivered.incrementAndGet();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } catch (IOException e) {
            if (failed.get() && refusal(e)) {
                undelivered.incrementAndGet(); // a refused connection, wrapped: never delivered either
                return;
            }
            failed.set(true);
            // no answer: the request may or may not have been carried out (the database decides)
            journal.add(new Op(kind, instance, address, vlan, sent, -1, 0, "no answer: " + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? " " + e.getMessage() : ""), null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    private void checkWhileRunning() {
        while (!stop.get()) {
            try {
                audit("during the run", List.of(operator));
                audits++;
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException unreachable) {
                // the replica it reads from may be the one being killed; the end check is not optional
            }
        }
    }

    /** The operator API's audit and allocation list; a violation is recorded, not thrown. Returns holder by address. */
    private Map<String, String> audit(String when, List<E2eTest> readers) {
        Map<String, String> byAddress = new HashMap<>();
        for (E2eTest reader : readers) {
            HttpResponse<String> audit = reader.rawOperator("GET", "/v1/state/audit", null);
            if (audit.statusCode() != 200) {
                throw new IllegalStateException("audit answered " + audit.statusCode() + " " + audit.body());
            }
            for (String figure : List.of("allocationsWithoutBinding", "bindingsWithoutAllocation", "blocksMiscounted", "vlansMiscounted")) {
                Matcher m = Pattern.compile("\"" + figure + "\":(\\d+)").matcher(audit.body());
                if (!m.find() || !m.group(1).equals("0")) {
                    violations.add(when + ": audit " + audit.body());
                    break;
                }
            }
            byAddress.clear();
            Set<String> holders = new HashSet<>();
            String token = null;
            do {
                HttpResponse<String> page = reader.rawOperator("GET", "/v1/allocations?regionId=" + REGION + "&pageSize=1000"
                        + (token == null ? "" : "&pageToken=" + token), null);
                Matcher m = Pattern.compile("\"ipAddress\":\"([^\"]+)\",\"instanceId\":\"([^\"]+)\"").matcher(page.body());
                while (m.find()) {
                    if (byAddress.put(m.group(1), m.group(2)) != null) {
                        violations.add(when + ": " + m.group(1) + " is held twice");
                    }
                    if (!holders.add(m.group(2))) {
                        violations.add(when + ": " + m.group(2) + " holds two addresses");
                    }
                }
                Matcher next = Pattern.compile("\"nextPageToken\":\"([^\"]+)\"").matcher(page.body());
                token = next.find() ? next.group(1) : null;
            } while (token != null);
        }
        return byAddress;
    }

    /** Reads the final state through the given replicas and checks the journal against it. */
    Report check(List<E2eTest> readers) {
        List<E2eTest> from = readers.isEmpty() ? List.of(operator) : readers;
        Map<String, String> held = audit("at the end", from);
        List<Op> ops = new ArrayList<>(journal);
        List<String> found = new ArrayList<>(violations);
        found.addAll(new Checker(ops).check(held));
        Map<String, Integer> outcomes = new TreeMap<>();
        ops.forEach(op -> outcomes.merge(op.kind() + " " + op.code(), 1, Integer::sum));
        long acknowledged = ops.stream().filter(Op::ok).count();
        long inDoubt = ops.stream().filter(Op::inDoubt).count();
        return new Report(ops.size(), acknowledged, inDoubt, undelivered.get(), outcomes, audits, found);
    }

    /** The journal's rules, given the state at the end (holder by address). */
    static final class Checker {

        private static final Set<String> DYNAMIC_CODES = Set.of("OK", "AllocatedAlready", "InvalidInstanceId.NotFound",
                "OperationDenied.VlanId", "InsufficientPublicIp");
        private static final Set<String> NAMED_CODES = Set.of("OK", "IpInUse", "AllocatedAlready", "InvalidInstanceId.NotFound");
        private static final Set<String> RELEASE_CODES = Set.of("OK", "InvalidIpAddress.NotFound", "InvalidInstanceId.NotFound");

        private final List<Op> ops;
        /** Allocations that may have taken effect (acknowledged, or in doubt), by address and by instance. */
        private final Map<String, List<Op>> allocationsOf = new HashMap<>();
        private final Map<String, List<Op>> allocationsBy = new HashMap<>();
        /** Requests that could take an address away, by the address (releases) and by the instance (deletes). */
        private final Map<String, List<Op>> removalsOfAddress = new HashMap<>();
        private final Map<String, List<Op>> removalsOfInstance = new HashMap<>();
        /** When each dynamic allocation in doubt was sent, in order. */
        private final long[] dynamicInDoubtSent;

        Checker(List<Op> ops) {
            this.ops = ops;
            for (Op op : ops) {
                switch (op.kind()) {
                    case RELEASE, OPERATOR_RELEASE -> removalsOfAddress.computeIfAbsent(op.address(), a -> new ArrayList<>()).add(op);
                    case DELETE_INSTANCE -> removalsOfInstance.computeIfAbsent(op.instance(), i -> new ArrayList<>()).add(op);
                    default -> {
                    }
                }
            }
            dynamicInDoubtSent = ops.stream().filter(a -> a.kind() == Kind.ALLOCATE && a.inDoubt()).mapToLong(Op::sent).sorted().toArray();
            for (Op op : ops) {
                if ((op.kind() == Kind.ALLOCATE || op.kind() == Kind.ALLOCATE_NAMED) && (op.ok() || op.inDoubt())) {
                    String address = op.ok() ? op.got() : op.address(); // a dynamic one in doubt has no known address
                    if (address != null) {
                        allocationsOf.computeIfAbsent(address, a -> new ArrayList<>()).add(op);
                    }
                    allocationsBy.computeIfAbsent(op.instance(), i -> new ArrayList<>()).add(op);
                }
            }
        }

        List<String> check(Map<String, String> held) {
            List<String> found = new ArrayList<>();
            for (Op op : ops) {
                if (op.answered() < 0) {
                    continue;
                }
                Set<String> allowed = switch (op.kind()) {
                    case ALLOCATE -> DYNAMIC_CODES;
                    case ALLOCATE_NAMED -> NAMED_CODES;
                    case RELEASE -> RELEASE_CODES;
                    case OPERATOR_RELEASE, PUT_INSTANCE -> Set.of("OK");
                    case DELETE_INSTANCE -> Set.of("OK", "Not Found");
                };
                if (!allowed.contains(op.code())) {
                    found.add("unexpected answer: " + op);
                }
                switch (op.code()) {
                    case "IpInUse" -> {
                        if (!addressMayBeHeld(op.address(), op.instance(), op.sent(), op.answered())) {
                            found.add("IpInUse unexplained: " + op);
                        }
                    }
                    case "AllocatedAlready" -> {
                        if (!instanceMayHold(op.instance(), op.sent(), op.answered())) {
                            found.add("AllocatedAlready unexplained: " + op);
                        }
                    }
                    case "OperationDenied.VlanId", "InsufficientPublicIp" -> {
                        if (op.kind() == Kind.ALLOCATE && !poolMayBeFull(op)) {
                            found.add("exhaustion unexplained: " + op);
                        }
                    }
                    default -> {
                    }
                }
            }
            // acknowledged allocations are held at the end, unless something that could undo them was sent
            for (Op op : ops) {
                if ((op.kind() == Kind.ALLOCATE || op.kind() == Kind.ALLOCATE_NAMED) && op.ok()
                        && !op.instance().equals(held.get(op.got())) && !mayHaveBeenUndone(op)) {
                    found.add("lost: " + op + " is not held at the end (holder " + held.get(op.got()) + ")");
                }
            }
            // what is held was acknowledged to its holder, or is in doubt
            held.forEach((address, instance) -> {
                boolean explained = allocationsBy.getOrDefault(instance, List.of()).stream()
                        .anyMatch(a -> address.equals(a.got()) || (a.inDoubt() && (a.address() == null || a.address().equals(address))));
                if (!explained) {
                    found.add("invented: " + address + " is held by " + instance + ", which was never given it");
                }
            });
            return found;
        }

        /** A request that could take the allocation away, answered (or not) after the allocation was sent. */
        private boolean mayHaveBeenUndone(Op allocation) {
            return removals(allocation.got(), allocation.instance()).anyMatch(r -> r.answeredOrEnd() >= allocation.sent()
                    && undoes(r, allocation.got(), allocation.instance()));
        }

        /** The requests that could take this address from this instance (a superset: {@link #undoes} decides). */
        private java.util.stream.Stream<Op> removals(String address, String instance) {
            return java.util.stream.Stream.concat(address == null ? java.util.stream.Stream.empty()
                    : removalsOfAddress.getOrDefault(address, List.of()).stream(), removalsOfInstance.getOrDefault(instance, List.of()).stream());
        }

        /** Dynamic allocations in doubt sent at or before {@code to}. */
        private int dynamicInDoubtBy(long to) {
            int low = 0;
            int high = dynamicInDoubtSent.length;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (dynamicInDoubtSent[mid] <= to) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low;
        }

        private static boolean undoes(Op r, String address, String instance) {
            return switch (r.kind()) {
                case RELEASE, OPERATOR_RELEASE -> address != null && address.equals(r.address());
                case DELETE_INSTANCE -> instance.equals(r.instance());
                default -> false;
            };
        }

        /** Whether an allocation that may have taken effect held it for this holding, certainly undone only before {@code from}. */
        private boolean mayHoldDuring(Op allocation, String address, long from, long to) {
            if (allocation.sent() > to) {
                return false;
            }
            if (allocation.inDoubt()) {
                return true;
            }
            long since = allocation.answered();
            // certainly gone: a removal that succeeded, sent after the allocation was acknowledged and answered before `from`
            String held = address != null ? address : allocation.got();
            return removals(held, allocation.instance()).noneMatch(r -> r.ok() && r.sent() >= since && r.answered() < from
                    && undoes(r, held, allocation.instance()));
        }

        private boolean addressMayBeHeld(String address, String by, long from, long to) {
            return allocationsOf.getOrDefault(address, List.of()).stream()
                    .anyMatch(a -> !a.instance().equals(by) && mayHoldDuring(a, address, from, to))
                    // a dynamic allocation in doubt may have taken any address
                    || dynamicInDoubtBy(to) > 0 && ops.stream().anyMatch(a -> a.kind() == Kind.ALLOCATE && a.inDoubt()
                            && !a.instance().equals(by) && a.sent() <= to);
        }

        private boolean instanceMayHold(String instance, long from, long to) {
            return allocationsBy.getOrDefault(instance, List.of()).stream().anyMatch(a -> mayHoldDuring(a, a.got(), from, to));
        }

        /** Whether enough allocations may have held addresses of the VLAN (or the region) during the request to fill it. */
        private boolean poolMayBeFull(Op request) {
            int capacity = request.vlan() == null ? VLAN31_SIZE + VLAN32_SIZE : request.vlan() == 31 ? VLAN31_SIZE : VLAN32_SIZE;
            Set<String> addresses = new HashSet<>();
            int unknown = 0;
            for (Map.Entry<String, List<Op>> entry : allocationsOf.entrySet()) {
                if (request.vlan() != null && vlanOf(ip(entry.getKey())) != request.vlan()) {
                    continue;
                }
                if (entry.getValue().stream().anyMatch(a -> mayHoldDuring(a, entry.getKey(), request.sent(), request.answered()))) {
                    addresses.add(entry.getKey());
                }
            }
            unknown += dynamicInDoubtBy(request.answered());
            return addresses.size() + unknown >= capacity;
        }
    }

    private static long randomAddress(ThreadLocalRandom random) {
        int i = random.nextInt(VLAN31_SIZE + VLAN32_SIZE);
        return i < VLAN31_SIZE ? VLAN31_FIRST + i : VLAN32_FIRST + (i - VLAN31_SIZE);
    }

    static int vlanOf(long address) {
        return address >= VLAN32_FIRST ? 32 : 31;
    }

    static String instance(int i) {
        return "i-mix-" + i;
    }

    static String instanceJson(String id) {
        return "{\"instanceId\":\"" + id + "\",\"regionId\":\"" + REGION + "\",\"status\":\"Running\",\"networkType\":\"classic\","
                + "\"internetMaxBandwidthOut\":5,\"chargeType\":\"PostPaid\",\"inArrears\":false}";
    }

    static long ip(String text) {
        String[] parts = text.split("\\.");
        return (Long.parseLong(parts[0]) << 24) | (Long.parseLong(parts[1]) << 16) | (Long.parseLong(parts[2]) << 8) | Long.parseLong(parts[3]);
    }

    static String text(long address) {
        return (address >> 24 & 255) + "." + (address >> 16 & 255) + "." + (address >> 8 & 255) + "." + (address & 255);
    }

    private static void expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response.statusCode() + " " + response.body());
        }
    }
}
