package io.publicip.server.rpc;

import io.micronaut.http.HttpRequest;

import java.util.Locale;
import java.util.UUID;

/** One RequestId per request, an upper-case UUID as the real service sends, shared by all its answers. */
public final class RequestIds {

    private static final String ATTRIBUTE = "publicip.requestId";

    private RequestIds() {
    }

    public static String of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, String.class).orElseGet(() -> {
            String id = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
            request.setAttribute(ATTRIBUTE, id);
            return id;
        });
    }
}
