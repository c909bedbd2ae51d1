package io.publicip.contract.rpc;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties of the signature's canonicalisation, over any parameters, Unicode included. */
class SignatureV1PropertyTest {

    @Property(tries = 3000)
    void percentEncodingUsesOnlyUnreservedCharactersAndDecodesBack(@ForAll String value) {
        String encoded = SignatureV1.percentEncode(value);
        assertTrue(encoded.matches("([A-Za-z0-9\\-_.~]|%[0-9A-F]{2})*"), encoded);
        String wellFormed = new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertEquals(wellFormed, URLDecoder.decode(encoded, StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    void theStringToSignDoesNotDependOnParameterOrder(@ForAll @Size(max = 12) Map<String, String> parameters, @ForAll long seed) {
        List<String> names = new ArrayList<>(parameters.keySet());
        Collections.shuffle(names, new Random(seed));
        Map<String, String> shuffled = new LinkedHashMap<>();
        names.forEach(name -> shuffled.put(name, parameters.get(name)));
        assertEquals(SignatureV1.stringToSign("GET", parameters), SignatureV1.stringToSign("GET", shuffled));
    }

    @Property(tries = 500)
    void anyChangedValueChangesTheSignature(@ForAll @Size(min = 1, max = 8) Map<String, String> parameters, @ForAll String secret) {
        String name = parameters.keySet().iterator().next();
        if (name.equals(SignatureV1.SIGNATURE)) {
            return;
        }
        Map<String, String> changed = new LinkedHashMap<>(parameters);
        changed.put(name, parameters.get(name) + "x");
        assertNotEquals(SignatureV1.sign(secret, SignatureV1.stringToSign("GET", parameters)),
                SignatureV1.sign(secret, SignatureV1.stringToSign("GET", changed)));
    }
}
