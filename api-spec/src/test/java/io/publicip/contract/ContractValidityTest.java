package io.publicip.contract;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every {@code $ref} of the contract points at something. The generator's validation, which the
 * build runs on the contract first, checks the OpenAPI structure but lets a dangling reference
 * through.
 */
class ContractValidityTest {

    @Test
    void everyReferenceResolves() throws Exception {
        Map<String, Object> root;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ErrorCatalogue.CONTRACT_RESOURCE)) {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(200);
            root = new Yaml(new SafeConstructor(options)).load(in);
        }
        List<String> refs = new ArrayList<>();
        collectRefs(root, refs);
        List<String> dangling = refs.stream().filter(ref -> !resolves(root, ref)).distinct().toList();
        assertEquals(List.of(), dangling);
    }

    private static void collectRefs(Object node, List<String> refs) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("$ref".equals(key) && value instanceof String ref) {
                    refs.add(ref);
                } else {
                    collectRefs(value, refs);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectRefs(item, refs));
        }
    }

    private static boolean resolves(Map<String, Object> root, String ref) {
        if (!ref.startsWith("#/")) {
            return false;
        }
        Object node = root;
        for (String part : ref.substring(2).split("/")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(part)) {
                return false;
            }
            node = map.get(part);
        }
        return true;
    }
}
