package io.publicip.e2e;

import io.publicip.contract.ErrorCatalogue;
import io.publicip.e2e.Reaches.Scheme;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No silent gaps: every error row the contracts document is reached by a test of this suite,
 * with requests signed in each scheme the row can happen in. Prints the table of rows and the
 * tests covering each, per scheme.
 */
class ContractCoverageTest {

    /** Rows that need a bug in the server to reach; listed, not required. */
    static final Set<String> NOT_YET_REQUIRED = Set.of("InternalError");

    /** Rows of one scheme only: V1's signature parameters, ACS3's Authorization header. */
    static final Map<String, Scheme> ONE_SCHEME = Map.of(
            "IncompleteSignature", Scheme.V1,
            "IncompleteSignature.Authorization", Scheme.ACS3,
            "IncompleteSignature.SignedHeaders", Scheme.ACS3);

    static final List<Class<?>> SUITE = List.of(DocumentedErrorsTest.class, ReleaseErrorsTest.class, RacesTest.class, SignatureTest.class,
            Acs3SignatureTest.class, OfficialV2JavaSdkTest.class, ProtocolTest.class, DatabaseOutageTest.class);

    @Test
    void everyDocumentedRowIsReachedInEachScheme() {
        Map<String, Map<Scheme, List<String>>> coverage = new LinkedHashMap<>();
        ErrorCatalogue catalogue = ErrorCatalogue.load();
        catalogue.entries().forEach(e -> {
            Map<Scheme, List<String>> bySchemes = new EnumMap<>(Scheme.class);
            for (Scheme scheme : Scheme.values()) {
                bySchemes.put(scheme, new ArrayList<>());
            }
            coverage.put(e.key(), bySchemes);
        });
        for (Class<?> test : SUITE) {
            for (Method m : test.getDeclaredMethods()) {
                for (Reaches r : m.getAnnotationsByType(Reaches.class)) {
                    assertTrue(coverage.containsKey(r.value()), m + " names an undocumented row " + r.value());
                    for (Scheme scheme : r.schemes()) {
                        coverage.get(r.value()).get(scheme).add(test.getSimpleName() + "." + m.getName());
                    }
                }
            }
        }
        StringBuilder table = new StringBuilder("\n| HTTP | Code | Message | V1 (legacy SDKs) | ACS3 (today's SDKs) |\n|---|---|---|---|---|\n");
        List<String> gaps = new ArrayList<>();
        for (ErrorCatalogue.Entry e : catalogue.entries()) {
            Map<Scheme, List<String>> tests = coverage.get(e.key());
            table.append("| ").append(e.httpStatus()).append(" | ").append(e.code()).append(e.projectChoice() ? " (project's choice)" : "")
                    .append(" | ").append(e.message());
            for (Scheme scheme : Scheme.values()) {
                boolean applies = !ONE_SCHEME.containsKey(e.key()) || ONE_SCHEME.get(e.key()) == scheme;
                List<String> reachedBy = tests.get(scheme);
                table.append(" | ").append(!applies ? "n/a" : reachedBy.isEmpty() ? "(none)" : String.join(", ", reachedBy));
                if (applies && reachedBy.isEmpty() && !NOT_YET_REQUIRED.contains(e.key())) {
                    gaps.add(e.key() + " (" + scheme + ")");
                }
            }
            table.append(" |\n");
        }
        System.out.println(table);
        assertTrue(gaps.isEmpty(), "documented rows no test reaches: " + gaps);
    }
}
