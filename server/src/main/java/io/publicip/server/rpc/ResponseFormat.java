package io.publicip.server.rpc;

import io.micronaut.http.MediaType;

/** The body format of every answer, chosen by the request's {@code Format} parameter. */
public enum ResponseFormat {
    JSON(MediaType.APPLICATION_JSON_TYPE),
    XML(MediaType.APPLICATION_XML_TYPE);

    private final MediaType mediaType;

    ResponseFormat(MediaType mediaType) {
        this.mediaType = mediaType;
    }

    /** {@code JSON} in any case is JSON; anything else, absence included, is XML as on the real service. */
    public static ResponseFormat of(String format) {
        return format != null && format.equalsIgnoreCase("json") ? JSON : XML;
    }

    public MediaType mediaType() {
        return mediaType;
    }
}
