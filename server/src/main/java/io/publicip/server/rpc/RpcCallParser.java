package io.publicip.server.rpc;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.publicip.contract.rpc.SignatureAcs3;
import io.publicip.server.rpc.RpcCall.Acs3;
import io.publicip.server.rpc.RpcCall.Scheme;
import io.publicip.server.rpc.RpcCall.Signature;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an HTTP request into an {@link RpcCall}, once. It decides nothing about the request's
 * validity: a missing or malformed value is left for the step whose rule it breaks, so that
 * authentication errors come before parameter errors, as at the cloud's gateway. Even a part
 * that cannot be read (a body that is not a form, or not UTF-8 percent-encoding) is only noted
 * in the call, and refused after the signature is checked.
 */
public final class RpcCallParser {

    private static final String CALL_ATTRIBUTE = "publicip.rpcCall";

    private RpcCallParser() {
    }

    /** The call parsed from this request earlier in its chain, if it got that far. */
    private static Optional<RpcCall> parsed(HttpRequest<?> request) {
        return request.getAttribute(CALL_ATTRIBUTE, RpcCall.class);
    }

    /** Parses the request with the body bytes received (empty for none), and keeps the call on the request for the request log. */
    public static RpcCall parse(HttpRequest<?> request, byte[] body) {
        String requestId = RequestIds.of(request);
        Optional<String> unreadable = Optional.empty();
        Map<String, String> query;
        try {
            query = query(request);
        } catch (IllegalArgumentException malformed) {
            query = Map.of();
            unreadable = Optional.of("QueryString");
        }
        Map<String, String> parameters = new HashMap<>();
        if (body.length > 0) {
            // an RPC body carries parameters as a form, or nothing
            if (!isForm(request)) {
                unreadable = Optional.of("Content-Type");
            } else {
                try {
                    parameters.putAll(formParameters(body));
                } catch (IllegalArgumentException malformed) {
                    unreadable = Optional.of("Body");
                }
            }
        }
        parameters.putAll(query);
        RpcCall call = build(request, requestId, parameters, query, body, unreadable);
        request.setAttribute(CALL_ATTRIBUTE, call);
        return call;
    }

    /**
     * What can be told of a request whose body was never read (a framework error, a refusal
     * before routing): the query and headers only. Not kept on the request.
     */
    public static RpcCall headersOnly(HttpRequest<?> request) {
        return parsed(request).orElseGet(() -> {
            Map<String, String> query;
            try {
                query = query(request);
            } catch (IllegalArgumentException malformed) {
                query = Map.of();
            }
            return build(request, RequestIds.of(request), query, query, new byte[0], Optional.empty());
        });
    }

    private static RpcCall build(HttpRequest<?> request, String requestId, Map<String, String> parameters,
                                 Map<String, String> query, byte[] body, Optional<String> unreadable) {
        HttpHeaders headers = request.getHeaders();
        Optional<String> authorization = headers.get(SignatureAcs3.AUTHORIZATION, String.class);
        // ACS3 signs its x-acs-* headers; V1 signs only parameters, so its headers decide nothing
        String action = authorization.isPresent() ? either(headers.get(SignatureAcs3.ACTION), parameters.get("Action")) : parameters.get("Action");
        String version = authorization.isPresent() ? either(headers.get(SignatureAcs3.VERSION), parameters.get("Version")) : parameters.get("Version");
        Signature signature = authorization.map(value -> acs3(value, headers, body))
                .orElseGet(() -> new Signature(Scheme.V1, parameters.get("AccessKeyId"), parameters.get("SignatureNonce"),
                        parameters.get("Timestamp"), Optional.empty()));
        return new RpcCall(requestId, request.getMethodName(), action, version, parameters, query,
                ResponseFormat.of(parameters.get("Format"), Optional.ofNullable(headers.get(HttpHeaders.ACCEPT))), signature, unreadable);
    }

    /** {@code ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>}; unreadable parts are left null. */
    private static Signature acs3(String authorization, HttpHeaders headers, byte[] body) {
        String algorithm = null;
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        int space = authorization.indexOf(' ');
        if (space > 0) {
            algorithm = authorization.substring(0, space);
            for (String part : authorization.substring(space + 1).split(",", -1)) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = part.substring(0, eq).trim();
                String value = part.substring(eq + 1).trim();
                switch (name) {
                    case "Credential" -> credential = credential == null ? value : credential;
                    case "SignedHeaders" -> signedHeaders = signedHeaders == null ? value : signedHeaders;
                    case "Signature" -> signature = signature == null ? value : signature;
                    default -> {
                    }
                }
            }
        }
        Map<String, List<String>> all = new LinkedHashMap<>();
        headers.forEach((name, values) -> all.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values));
        List<String> names = signedHeaders == null || signedHeaders.isEmpty() ? List.of() : List.of(signedHeaders.split(";", -1));
        Acs3 parts = new Acs3(authorization, algorithm, names, signature, all, body);
        return new Signature(Scheme.ACS3, credential == null || credential.isEmpty() ? null : credential,
                headers.get(SignatureAcs3.NONCE), headers.get(SignatureAcs3.DATE), Optional.of(parts));
    }

    /** @throws IllegalArgumentException when the query is not valid percent-encoding */
    private static Map<String, String> query(HttpRequest<?> request) {
        Map<String, String> query = new HashMap<>();
        request.getParameters().asMap().forEach((name, values) -> {
            if (!values.isEmpty()) {
                query.put(name, values.get(0));
            }
        });
        return query;
    }

    private static boolean isForm(HttpRequest<?> request) {
        return request.getContentType().map(MediaType.APPLICATION_FORM_URLENCODED_TYPE::matches).orElse(false);
    }

    /** {@code name=value&...}, {@code +} and %XX decoded as UTF-8; the first value of a name wins. */
    static Map<String, String> formParameters(byte[] body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String text = strictUtf8(body);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    private static String decode(String encoded) {
        byte[] out = new byte[encoded.length()];
        int n = 0;
        byte[] raw = encoded.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '+') {
                out = ensure(out, n);
                out[n++] = ' ';
            } else if (b == '%') {
                if (i + 2 >= raw.length) {
                    throw new IllegalArgumentException("truncated escape");
                }
                int hi = Character.digit(raw[i + 1], 16);
                int lo = Character.digit(raw[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad escape");
                }
                out = ensure(out, n);
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                out = ensure(out, n);
                out[n++] = b;
            }
        }
        return strictUtf8(java.util.Arrays.copyOf(out, n));
    }

    private static byte[] ensure(byte[] out, int n) {
        return n < out.length ? out : java.util.Arrays.copyOf(out, Math.max(16, out.length * 2));
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8", e);
        }
    }

    /** The first of the two that is present. */
    private static String either(String first, String second) {
        return first != null ? first : second;
    }
}
