package io.publicip.contract;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Every {@code $ref} of each contract points at something, in the contract itself or in a file
 * beside it. The generator's validation, which the build runs on the contracts first, checks the
 * OpenAPI structure but lets a dangling reference through.
 */
class ContractValidityTest {

    @ParameterizedTest
    @ValueSource(strings = {"openapi/ecs-public-ip.yaml", "openapi/ecs-release-public-ip.yaml", "openapi/rpc-errors.yaml",
            "openapi/operator.yaml", "schema/inventory-document.schema.json"})
    void everyReferenceResolves(String resource) throws IOException {
        Map<String, Object> root = load(resource);
        List<String> refs = new ArrayList<>();
        collectRefs(root, refs);
        List<String> dangling = new ArrayList<>();
        for (String ref : refs.stream().distinct().toList()) {
            int hash = ref.indexOf('#');
            String file = hash <= 0 ? null : ref.substring(0, hash);
            Map<String, Object> target = file == null ? root : load(sibling(resource, file));
            if (!resolves(target, ref.substring(hash + 1))) {
                dangling.add(ref);
            }
        }
        assertEquals(List.of(), dangling);
    }

    private static String sibling(String resource, String relative) {
        String dir = resource.substring(0, resource.lastIndexOf('/') + 1);
        String path = dir + relative;
        while (path.contains("/../")) {
            path = path.replaceFirst("[^/]+/\\.\\./", "");
        }
        return path;
    }

    private static Map<String, Object> load(String resource) throws IOException {
        try (InputStream in = ContractValidityTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(200);
            return new Yaml(new SafeConstructor(options)).load(in);
        }
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

    private static boolean resolves(Map<String, Object> root, String pointer) {
        if (!pointer.startsWith("/")) {
            return false;
        }
        Object node = root;
        for (String part : pointer.substring(1).split("/")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(part)) {
                return false;
            }
            node = map.get(part);
        }
        return true;
    }
}
