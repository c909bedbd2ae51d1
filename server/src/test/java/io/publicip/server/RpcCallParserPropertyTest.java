package io.publicip.server;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.uri.UriBuilder;
import io.publicip.contract.rpc.SignatureV1;
import io.publicip.server.rpc.RpcCall;
import io.publicip.server.rpc.RpcCallParser;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The parse of a call: query and form body merged, every name once, the query's value over the
 * body's, names case-sensitive; the query alone kept apart (ACS3 signs it without the body).
 */
class RpcCallParserPropertyTest {

    @Property(tries = 500)
    void theQueryWinsAndNothingIsLost(@ForAll("parameters") Map<String, String> query, @ForAll("parameters") Map<String, String> form) {
        UriBuilder uri = UriBuilder.of("/");
        query.forEach((name, value) -> uri.queryParam(name, value));
        byte[] body = SignatureV1.queryString(form).getBytes(StandardCharsets.UTF_8);
        MutableHttpRequest<byte[]> request = HttpRequest.POST(uri.build(), body)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE);

        RpcCall call = RpcCallParser.parse(request, body);

        Map<String, String> expected = new HashMap<>(form);
        expected.putAll(query);
        assertEquals(expected, call.parameters());
        assertEquals(query, call.query());
    }

    @Provide
    Arbitrary<Map<String, String>> parameters() {
        // names that differ only in case are different parameters
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of("Action", "action", "ACTION", "InstanceId", "instanceId", "Format", "Signature"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8));
        Arbitrary<String> values = Arbitraries.strings().ofMinLength(0).ofMaxLength(20)
                .withChars("abcXYZ019 +&=%?#/:;'\"<>~*中");
        return Arbitraries.maps(names, values).ofMaxSize(6);
    }
}
