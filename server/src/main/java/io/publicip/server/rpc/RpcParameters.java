package io.publicip.server.rpc;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;

import java.util.Map;
import java.util.Optional;

/**
 * The parameters of an RPC request: the query string and, for a form POST, the body; on a
 * clash the query wins (the official Java SDK signs with that assumption).
 */
public final class RpcParameters {

    private final HttpRequest<?> request;

    private RpcParameters(HttpRequest<?> request) {
        this.request = request;
    }

    public static RpcParameters of(HttpRequest<?> request) {
        return new RpcParameters(request);
    }

    public Optional<String> get(String name) {
        Optional<String> fromQuery = request.getParameters().getFirst(name);
        return fromQuery.isPresent() ? fromQuery : fromForm(name);
    }

    /** Every parameter, the first value of each, the query's over the form body's. */
    @SuppressWarnings("unchecked")
    public Map<String, String> all() {
        Map<String, String> merged = new java.util.HashMap<>();
        if (isForm()) {
            try {
                request.getBody(Map.class).ifPresent(body -> ((Map<Object, Object>) body).forEach((name, value) -> {
                    String first = first(value);
                    if (first != null) {
                        merged.put(String.valueOf(name), first);
                    }
                }));
            } catch (RuntimeException unreadable) {
                // an unreadable body has no parameters
            }
        }
        request.getParameters().asMap().forEach((name, values) -> {
            if (!values.isEmpty()) {
                merged.put(name, values.get(0));
            }
        });
        return merged;
    }

    private boolean isForm() {
        return request.getContentType().map(MediaType.APPLICATION_FORM_URLENCODED_TYPE::matches).orElse(false);
    }

    /** The query's value when present, else the value the form body gave. */
    public String queryOr(String name, String fromBody) {
        return request.getParameters().getFirst(name).orElse(fromBody);
    }

    @SuppressWarnings("unchecked")
    private Optional<String> fromForm(String name) {
        if (!isForm()) {
            return Optional.empty();
        }
        try {
            return request.getBody(Map.class).map(body -> body.get(name)).map(RpcParameters::first);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static String first(Object value) {
        if (value instanceof Iterable<?> values) {
            var it = values.iterator();
            return it.hasNext() ? String.valueOf(it.next()) : null;
        }
        return value == null ? null : String.valueOf(value);
    }
}
