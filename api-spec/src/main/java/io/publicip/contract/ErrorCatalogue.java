package io.publicip.contract;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The error catalogue, read from the contract itself so that the documented rows and the
 * errors the server sends cannot drift apart: each example of an error response of the
 * operations on {@code /} is one row, named by the example's key, with the response's HTTP status and the
 * example's {@code Code} and {@code Message}. Each RPC action has a document of its own; the rows
 * several actions share are written once, in {@code rpc-errors.yaml} beside them, and the
 * documents refer to them; a row documented twice must read the same both times.
 */
public final class ErrorCatalogue {

    /** Where the contract of AllocatePublicIpAddress, the seed's action, lives on the classpath (this module's jar). */
    public static final String CONTRACT_RESOURCE = "openapi/ecs-public-ip.yaml";

    /** Every RPC action's document, the seed's first. */
    public static final List<String> CONTRACT_RESOURCES = List.of(CONTRACT_RESOURCE, "openapi/ecs-release-public-ip.yaml");

    /**
     * One documented error row.
     *
     * @param projectChoice marked {@code x-project-choice}: a row the seed does not document
     */
    public record Entry(String key, int httpStatus, String code, String message, boolean projectChoice) {
    }

    private final Map<String, Entry> entries;

    private ErrorCatalogue(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** Reads the catalogue from every action's document on the classpath. */
    public static ErrorCatalogue load() {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String resource : CONTRACT_RESOURCES) {
            try (InputStream in = ErrorCatalogue.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("contract not on the classpath: " + resource);
                }
                readInto(in, entries);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ErrorCatalogue(entries);
    }

    /** Reads the catalogue from contract documents. */
    public static ErrorCatalogue read(InputStream... contracts) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (InputStream contract : contracts) {
            readInto(contract, entries);
        }
        return new ErrorCatalogue(entries);
    }

    private static void readInto(InputStream contract, Map<String, Entry> entries) {
        Map<String, Object> root = parse(contract);
        map(map(root, "paths"), "/").forEach((method, operationNode) -> {
            // every operation of the path; "parameters" and the like are not operations
            if (operationNode instanceof Map<?, ?> operation && operation.containsKey("responses")) {
                readResponses(root, map(asMap(operationNode, method), "responses"), entries);
            }
        });
    }

    private static void readResponses(Map<String, Object> root, Map<String, Object> responses, Map<String, Entry> entries) {
        responses.forEach((status, response) -> {
            int httpStatus = Integer.parseInt(status);
            if (httpStatus < 400) {
                return;
            }
            Map<String, Object> resolved = resolve(root, asMap(response, status));
            Map<String, Object> examples = map(map(map(resolved, "content"), "application/json"), "examples");
            examples.forEach((key, node) -> {
                Map<String, Object> example = resolve(root, asMap(node, key));
                Map<String, Object> value = map(example, "value");
                boolean choice = Boolean.TRUE.equals(example.get("x-project-choice"));
                Entry entry = new Entry(key, httpStatus, (String) value.get("Code"), (String) value.get("Message"), choice);
                if (entry.code() == null || entry.message() == null) {
                    throw new IllegalStateException("error example " + key + " lacks Code or Message");
                }
                Entry earlier = entries.put(key, entry);
                if (earlier != null && !earlier.equals(entry)) {
                    throw new IllegalStateException("error example " + key + " is documented twice, differently");
                }
            });
        });
    }

    /** The row with this key; an unknown key is a programming error. */
    public Entry get(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            throw new NoSuchElementException("no error row '" + key + "' in the contract");
        }
        return entry;
    }

    public Collection<Entry> entries() {
        return entries.values();
    }

    /** Follows a {@code $ref}: within the document ({@code #/...}), or into a file beside it on the classpath ({@code file#/...}). */
    private static Map<String, Object> resolve(Map<String, Object> root, Map<String, Object> node) {
        Object ref = node.get("$ref");
        if (!(ref instanceof String reference)) {
            return node;
        }
        int hash = reference.indexOf('#');
        if (hash < 0 || !reference.startsWith("/", hash + 1)) {
            throw new IllegalStateException("a reference must name a JSON pointer: " + reference);
        }
        Map<String, Object> document = hash == 0 ? root : sibling(reference.substring(0, hash));
        Map<String, Object> target = document;
        for (String part : reference.substring(hash + 2).split("/")) {
            target = map(target, part.replace("~1", "/").replace("~0", "~"));
        }
        return resolve(document, target);
    }

    /** A file beside the contracts, in this module's jar. */
    private static Map<String, Object> sibling(String file) {
        String resource = CONTRACT_RESOURCE.substring(0, CONTRACT_RESOURCE.lastIndexOf('/') + 1) + file;
        try (InputStream in = ErrorCatalogue.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("referenced file not on the classpath: " + resource);
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> parse(InputStream in) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(200);
        return new Yaml(new SafeConstructor(options)).load(in);
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object child = parent.get(key);
        if (child == null) {
            throw new IllegalStateException("contract has no '" + key + "'");
        }
        return asMap(child, key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object node, String name) {
        if (!(node instanceof Map)) {
            throw new IllegalStateException("contract node '" + name + "' is not an object");
        }
        return (Map<String, Object>) node;
    }
}
