package io.publicip.server.rpc;

import java.util.Locale;
import java.util.Optional;

/**
 * The body format of every answer, success and error alike. The official SDKs read an XML error
 * only under exactly {@code text/xml;charset=utf-8} (anything else is parsed as JSON), so these
 * Content-Type values are written as they are here, byte for byte.
 */
public enum ResponseFormat {
    JSON("application/json;charset=utf-8"),
    XML("text/xml;charset=utf-8");

    private final String contentType;

    ResponseFormat(String contentType) {
        this.contentType = contentType;
    }

    /**
     * {@code Format} decides when given ({@code JSON} in any case is JSON, anything else XML);
     * otherwise an {@code Accept} naming {@code application/json} (today's SDKs send it, and no
     * Format); otherwise XML, as on the real service.
     */
    public static ResponseFormat of(String format, Optional<String> accept) {
        if (format != null) {
            return format.equalsIgnoreCase("json") ? JSON : XML;
        }
        return accept.map(a -> a.toLowerCase(Locale.ROOT).contains("application/json")).orElse(false) ? JSON : XML;
    }

    /** The Content-Type header's exact value. */
    public String contentType() {
        return contentType;
    }
}
