package io.publicip.server.operator.allocations;

import io.publicip.administration.OperatorRejection;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque page tokens: the last address of the page, so a page is a keyset seek, not an offset. */
final class PageTokens {

    private PageTokens() {
    }

    static String encode(long lastAddress) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("a:" + lastAddress).getBytes(StandardCharsets.UTF_8));
    }

    static long decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!text.startsWith("a:")) {
                throw new IllegalArgumentException();
            }
            return Long.parseLong(text.substring(2));
        } catch (IllegalArgumentException e) {
            throw OperatorRejection.invalid("pageToken " + token + " was not given by this API");
        }
    }
}
