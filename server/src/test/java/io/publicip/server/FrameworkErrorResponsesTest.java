package io.publicip.server;

import io.micronaut.http.HttpStatus;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which part of the request InvalidParameter names when the framework refused it. */
class FrameworkErrorResponsesTest {

    @Test
    void theDecodersLimitNamesThePartOverIt() {
        // Micronaut answers every decoder limit 413, whichever part was too long
        assertEquals("Headers", FrameworkErrorResponses.refusedPart(HttpStatus.REQUEST_ENTITY_TOO_LARGE, new TooLongHttpHeaderException("x")));
        assertEquals("QueryString", FrameworkErrorResponses.refusedPart(HttpStatus.REQUEST_ENTITY_TOO_LARGE, new TooLongHttpLineException("x")));
        assertEquals("Body", FrameworkErrorResponses.refusedPart(HttpStatus.REQUEST_ENTITY_TOO_LARGE, null));
    }

    @Test
    void otherwiseTheStatusNamesIt() {
        assertEquals("Content-Type", FrameworkErrorResponses.refusedPart(HttpStatus.UNSUPPORTED_MEDIA_TYPE, null));
        assertEquals("Accept", FrameworkErrorResponses.refusedPart(HttpStatus.NOT_ACCEPTABLE, null));
        assertEquals("Headers", FrameworkErrorResponses.refusedPart(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, null));
        assertEquals("Request", FrameworkErrorResponses.refusedPart(HttpStatus.BAD_REQUEST, null));
    }

    @Test
    void anUndecodableBodyIsTheClientsWhateverTheStatus() {
        assertEquals("Body", FrameworkErrorResponses.refusedPart(HttpStatus.INTERNAL_SERVER_ERROR,
                new RuntimeException(new DecoderException("bad form"))));
        assertNull(FrameworkErrorResponses.refusedPart(HttpStatus.INTERNAL_SERVER_ERROR, new IllegalStateException("a bug")));
        assertNull(FrameworkErrorResponses.refusedPart(HttpStatus.SERVICE_UNAVAILABLE, null));
    }
}
