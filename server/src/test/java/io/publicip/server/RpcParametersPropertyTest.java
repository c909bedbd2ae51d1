package io.publicip.server;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.uri.UriBuilder;
import io.publicip.server.rpc.RpcParameters;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The merge of query and form parameters: every name once, the query's value over the body's, names case-sensitive. */
class RpcParametersPropertyTest {

    @Property(tries = 500)
    void theQueryWinsAndNothingIsLost(@ForAll("parameters") Map<String, String> query, @ForAll("parameters") Map<String, String> form) {
        UriBuilder uri = UriBuilder.of("/");
        query.forEach((name, value) -> uri.queryParam(name, value));
        MutableHttpRequest<Map<String, String>> request = HttpRequest.POST(uri.build(), form)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE);

        Map<String, String> expected = new HashMap<>(form);
        expected.putAll(query);
        assertEquals(expected, RpcParameters.of(request).all());
        expected.forEach((name, value) -> assertEquals(value, RpcParameters.of(request).get(name).orElseThrow()));
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
