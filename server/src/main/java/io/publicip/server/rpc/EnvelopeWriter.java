package io.publicip.server.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes an answer's body in the call's format, with the exact Content-Type the SDKs expect and
 * the RequestId header. Bodies are written here rather than by the framework's codecs, so that
 * no content negotiation can change a byte the SDKs depend on.
 */
@Singleton
public class EnvelopeWriter {

    /** The response attribute that carries the answer's code (OK or the error code) to the request log. */
    public static final String CODE_ATTRIBUTE = "publicip.code";

    private final JsonMapper json;
    private final XmlMapper xml;

    EnvelopeWriter(JsonMapper json, XmlMapper xml) {
        this.json = json;
        this.xml = xml;
    }

    public MutableHttpResponse<byte[]> write(RpcCall call, HttpStatus status, Object body, String code) {
        byte[] bytes;
        try {
            bytes = call.format() == ResponseFormat.JSON ? json.writeValueAsBytes(body) : xml.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MutableHttpResponse<byte[]> response = HttpResponse.<byte[]>status(status)
                .header(HttpHeaders.CONTENT_TYPE, call.format().contentType())
                .header(RpcHeaders.REQUEST_ID, call.requestId())
                .body(bytes);
        response.setAttribute(CODE_ATTRIBUTE, code);
        return response;
    }
}
