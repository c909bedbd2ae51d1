package io.publicip.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.publicip.client.operator.model.InventoryDocument;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10,000 generated malformed or hostile requests, written byte for byte on a socket: huge values,
 * control characters, SQL and XML metacharacters, invalid UTF-8, truncated percent-encodings,
 * parameters missing or doubled, wrong bodies and content types, some validly signed so that
 * they reach the allocation rules; and ACS3-signed requests made hostile after signing
 * (malformed or huge Authorization, SignedHeaders without host or naming an absent header,
 * duplicated x-acs-* headers, a wrong body hash, absurd dates). No answer may be a 5xx, every
 * answer must be an envelope that parses in the format it claims, with the exact Content-Type
 * the official SDKs read, and the pool must be as it was.
 */
class HostileRequestsFuzzTest extends E2eTest {

    static final int REQUESTS = 10_000;
    static final long SEED = 20261126L;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] NAMES = {"Action", "InstanceId", "IpAddress", "VlanId", "RegionId", "Format", "Version", "AccessKeyId",
            "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp", "SecurityToken", "action", "instanceid", "X"};
    static final String[] HOSTILE = {"", " ", "'", "\"", "' OR '1'='1", "1; DROP TABLE allocation; --", "%00", "%0D%0ASet-Cookie:x=1",
            "<Error>", "]]>", "<![CDATA[x]]>", "&amp;", "&#0;", "%C3%28", "%FF%FE", "%E2%82", "%", "%Z", "%%", "+", "++", "=", "&&",
            "..%2F..%2Fetc%2Fpasswd", "${jndi:ldap://x/a}", "%7B%7D", "null", "undefined", "-1", "0", "4095", "99999999999999999999",
            "1.2.3.4", "255.255.255.255", "112.124.10.1", "01.2.3.4", "::1", "i-demo-locked", "i-demo-starting", "i-demo-vpc-eip",
            "AllocatePublicIpAddress", "JSON", "XML", "json", "2014-05-26", "HMAC-SHA1", "1.0", "%E4%B8%AD%E6%96%87", "%F0%9F%92%A5",
            "\\u0000", "\\", "/", "?", "#", "*", "%2A", "~"};

    final Random random = new Random(SEED);

    @Test
    void noFiveHundredsOnlyEnvelopesAndThePoolUnchanged() throws Exception {
        state.resetState("demo");
        InventoryDocument before = state.exportState().body();
        URI api = URI.create(target.apiUrl());

        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            byte[] request = hostileRequest(api.getHost() + ":" + api.getPort());
            Answer answer = send(api.getHost(), api.getPort(), request);
            statuses.merge(answer.status, 1, Integer::sum);
            // a HEAD answer has headers only, by HTTP's rules
            String problem = request[0] == 'H' && answer.status < 500 && answer.body.isEmpty() ? null : check(answer);
            if (problem != null && failures.size() < 20) {
                failures.add(problem + "\n  request: " + new String(request, 0, Math.min(request.length, 400), StandardCharsets.ISO_8859_1)
                        + "\n  answer: " + answer.status + " " + answer.contentType + " " + abbreviate(answer.body));
            }
        }
        InventoryDocument after = state.exportState().body();
        System.out.printf("%nhostile requests sent: %d, statuses: %s, pool unchanged: %s%n", REQUESTS, statuses,
                before.getAllocations().equals(after.getAllocations()));
        assertTrue(failures.isEmpty(), failures.size() + "+ bad answers, the first:\n" + String.join("\n", failures));
        assertEquals(before.getAllocations(), after.getAllocations(), "the pool changed");
        assertEquals(before.getInstances(), after.getInstances());
    }

    /** Null when the answer is acceptable, else what is wrong with it. */
    static String check(Answer answer) {
        if (answer.status >= 500) {
            return "a 5xx";
        }
        if (answer.status == 200) {
            return "a success";
        }
        String type = answer.contentType == null ? "" : answer.contentType.toLowerCase(Locale.ROOT);
        try {
            if (type.equals(WireContract.JSON)) {
                JsonNode envelope = JSON.readTree(answer.body);
                for (String field : new String[]{"RequestId", "HostId", "Code", "Message"}) {
                    if (!envelope.hasNonNull(field)) {
                        return "a JSON envelope without " + field;
                    }
                }
                return null;
            }
            if (type.equals(WireContract.XML)) {
                Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new ByteArrayInputStream(answer.body.getBytes(StandardCharsets.UTF_8)));
                if (!"Error".equals(xml.getDocumentElement().getNodeName())
                        || xml.getElementsByTagName("Code").getLength() != 1 || xml.getElementsByTagName("RequestId").getLength() != 1) {
                    return "an XML answer that is not an <Error> envelope";
                }
                return null;
            }
            return "a Content-Type no SDK reads";
        } catch (Exception unparsable) {
            return "a body that does not parse: " + unparsable.getMessage();
        }
    }

    byte[] hostileRequest(String host) {
        if (random.nextInt(5) == 0) {
            return hostileAcs3Request(host);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : NAMES) {
            int choice = random.nextInt(10);
            if (choice < 4) {
                continue; // missing
            }
            parameters.put(name, value(name));
            if (choice == 9) {
                parameters.put(name + "\u0000dup", value(name)); // doubled, see below
            }
        }
        int shape = random.nextInt(10);
        boolean signed = shape < 3;
        String query;
        if (signed) {
            // a valid signature over hostile values: these reach the rules
            Map<String, String> decoded = new LinkedHashMap<>();
            parameters.forEach((k, v) -> decoded.put(k.replace("\u0000dup", ""), v));
            decoded.put("Action", ACTION);
            decoded.putIfAbsent("InstanceId", pick(new String[]{"i-demo-locked", "i-demo-starting", "i-demo-vpc-eip", "i-demo-no-bandwidth",
                    "i-nope", "' OR 1=1 --", "i-demo-expired"}));
            if (decoded.get("InstanceId").startsWith("i-demo-running") || decoded.get("InstanceId").equals("i-demo-stopped")
                    || decoded.get("InstanceId").equals("i-demo-vpc")) {
                decoded.put("InstanceId", "i-demo-locked");
            }
            decoded.remove("AccessKeyId");
            decoded.remove("Signature");
            decoded.remove("SignatureNonce");
            decoded.remove("Timestamp");
            decoded.remove("SignatureMethod");
            decoded.remove("SignatureVersion");
            query = signedQuery("GET", decoded);
        } else {
            StringBuilder q = new StringBuilder();
            parameters.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(k.replace("\u0000dup", "")).append('=').append(v));
            query = q.toString();
        }
        String path = shape == 9 ? pick(new String[]{"/x", "//", "/?", "/%2e%2e/", "/v1/vlans", "/%ZZ"}) : "/";
        String method;
        String contentType = null;
        String body = "";
        if (shape <= 5) {
            method = "GET";
        } else if (shape == 6) {
            method = "POST";
            contentType = "application/x-www-form-urlencoded";
            body = query;
            query = "";
        } else if (shape == 7) {
            method = "POST";
            contentType = pick(new String[]{"application/json", "text/plain", "multipart/form-data; boundary=x", "application/xml",
                    "application/x-www-form-urlencoded; charset=ISO-8859-1", "nonsense"});
            body = pick(new String[]{"{", "{\"Action\":1}", "<a>", query, "\u00ff\u00fe", "a=%", ""});
        } else {
            method = pick(new String[]{"PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "POST"});
        }
        String target = path + (query.isEmpty() ? "" : (path.contains("?") ? "&" : "?") + query);
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ").append(host)
                .append("\r\nConnection: close\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        byte[] payload = body.getBytes(StandardCharsets.ISO_8859_1);
        if (!method.equals("GET") && !method.equals("HEAD")) {
            head.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!method.equals("GET") && !method.equals("HEAD")) {
            bytes.writeBytes(payload);
        }
        return bytes.toByteArray();
    }

    /** A request signed with ACS3 as today's SDKs sign it, then made hostile in one way. */
    byte[] hostileAcs3Request(String host) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("InstanceId", pick(new String[]{"i-demo-locked", "i-demo-starting", "i-nope", "' OR 1=1 --"}));
        if (random.nextBoolean()) {
            query.put(pick(NAMES), value("X"));
            query.put("InstanceId", query.get("InstanceId").startsWith("i-demo-running") ? "i-demo-locked" : query.get("InstanceId"));
        }
        query.remove("Action");
        boolean post = random.nextBoolean();
        String body = post ? "Format=" + pick(new String[]{"JSON", "XML", "%FF", ""}) : "";
        byte[] bodyBytes = body.getBytes(StandardCharsets.ISO_8859_1);
        Map<String, String> headers = acs3Headers(post ? "POST" : "GET", query, ACTION, bodyBytes,
                post ? "application/x-www-form-urlencoded" : null, Map.of(), null);
        List<String[]> extra = new ArrayList<>();
        String authorization = headers.get("Authorization");
        switch (random.nextInt(9)) {
            case 0 -> headers.put("Authorization", pick(new String[]{"", "ACS3-HMAC-SHA256", "ACS3-HMAC-SHA256 ", "ACS3-HMAC-SHA256 Credential=",
                    "ACS3-HMAC-SHA256 ,,,===", authorization.replace(",", ";"), authorization.substring(0, random.nextInt(authorization.length())),
                    "ACS3-HMAC-SM3 " + authorization.substring(authorization.indexOf(' ') + 1), pick(HOSTILE)}));
            case 1 -> headers.put("Authorization", authorization.replace("SignedHeaders=host;", "SignedHeaders="));
            case 2 -> headers.put("Authorization", authorization.replace("SignedHeaders=", "SignedHeaders=x-acs-absent;"));
            case 3 -> extra.add(new String[]{pick(new String[]{"x-acs-date", "x-acs-action", "x-acs-signature-nonce", "x-acs-content-sha256"}),
                    pick(HOSTILE)});
            case 4 -> headers.put("x-acs-content-sha256", pick(new String[]{"", "0".repeat(64), "zz", "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
                    "a".repeat(5000)}));
            case 5 -> headers.put("Authorization", authorization + ",Pad=" + "x".repeat(20_000));
            case 6 -> headers.put("x-acs-date", pick(new String[]{"99999-99-99T99:99:99Z", "0000-00-00T00:00:00Z", "-2026-01-01T00:00:00Z",
                    "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-11-29T12:00:00+08:00", "now"}));
            case 7 -> headers.put(pick(new String[]{"x-acs-action", "x-acs-version", "x-acs-signature-nonce"}), value("X").replace("%", ""));
            default -> headers.put("Authorization", authorization.replace("Credential=", "Credential=" + pick(HOSTILE)));
        }
        StringBuilder head = new StringBuilder(post ? "POST" : "GET").append(' ').append('/')
                .append(query.isEmpty() ? "" : "?" + io.publicip.contract.rpc.SignatureV1.queryString(query))
                .append(" HTTP/1.1\r\nHost: ").append(host).append("\r\nConnection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value.replaceAll("[\r\n]", "")).append("\r\n"));
        extra.forEach(h -> head.append(h[0]).append(": ").append(h[1].replaceAll("[\r\n]", "")).append("\r\n"));
        if (post) {
            head.append("Content-Length: ").append(bodyBytes.length).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        bytes.writeBytes(bodyBytes);
        return bytes.toByteArray();
    }

    String value(String name) {
        int kind = random.nextInt(12);
        if (kind == 0) {
            return "a".repeat(1 + random.nextInt(random.nextBoolean() ? 200 : 3000));
        }
        if (kind == 1) {
            return pick(HOSTILE) + pick(HOSTILE) + pick(HOSTILE);
        }
        if (kind == 2) {
            StringBuilder junk = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                junk.append('%').append(Integer.toHexString(0x100 + random.nextInt(256)).substring(1).toUpperCase(Locale.ROOT));
            }
            return junk.toString();
        }
        return pick(HOSTILE);
    }

    String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    record Answer(int status, String contentType, String body) {
    }

    static Answer send(String host, int port, byte[] request) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] raw = in.readAllBytes();
            String text = new String(raw, StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return new Answer(-1, null, text);
            }
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String contentType = null;
            for (String line : lines) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                    contentType = line.substring(13).trim();
                }
            }
            return new Answer(status, contentType, text.substring(end + 4));
        }
    }

    static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
