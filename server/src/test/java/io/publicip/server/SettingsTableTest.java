package io.publicip.server;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's settings table is the one list of settings: every property the server reads (in
 * application.yml, or as {@code ${...}} in the code of server, persistence and allocation) has
 * its row, with the environment variable Micronaut maps to it and the default it really has.
 */
class SettingsTableTest {

    /** application.yml sections that are ours to document; the rest is Micronaut's wiring. */
    private static final List<String> OURS = List.of("publicip.", "datasources.default.", "flyway.datasources.default.", "micronaut.server.port");
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z0-9.-]+)` \\| `([A-Z0-9_]+)` \\| ([^|]*) \\|");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z0-9.-]+)(?::([^}]*))?}");

    @Test
    void everyPropertyHasItsRowWithItsVariableAndDefault() throws IOException {
        Map<String, String> table = readmeTable();
        Map<String, String> properties = propertiesWithDefaults();
        List<String> problems = new ArrayList<>();
        properties.forEach((property, defaultValue) -> {
            if (!table.containsKey(property)) {
                problems.add(property + " (default " + defaultValue + ") has no row in the README's settings table");
            } else if (!defaultValue.isEmpty() && !table.get(property).contains("`" + defaultValue + "`")) {
                problems.add(property + ": the README says " + table.get(property) + ", the default is " + defaultValue);
            } else if (defaultValue.isEmpty() && !table.get(property).startsWith("empty")) {
                problems.add(property + ": the README says " + table.get(property) + ", the default is empty");
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(properties.size() >= 15, "found only " + properties.keySet());
    }

    @Test
    void everyRowNamesTheVariableMicronautReads() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher row = ROW.matcher(readme);
        while (row.find()) {
            assertEquals(row.group(1).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), row.group(2), row.group());
        }
    }

    private static Map<String, String> readmeTable() throws IOException {
        Map<String, String> rows = new TreeMap<>();
        Matcher row = ROW.matcher(Files.readString(Path.of("..", "README.md")));
        while (row.find()) {
            rows.put(row.group(1), row.group(3).trim());
        }
        return rows;
    }

    /** Each property with its default: from application.yml, else from a placeholder (in the yml or the code). */
    private static Map<String, String> propertiesWithDefaults() throws IOException {
        Map<String, String> yml = new TreeMap<>();
        try (InputStream in = SettingsTableTest.class.getResourceAsStream("/application.yml")) {
            flatten("", new Yaml().load(in), yml);
        }
        Map<String, String> found = new TreeMap<>(yml);
        found.keySet().removeIf(key -> OURS.stream().noneMatch(key::startsWith));
        List<String> texts = new ArrayList<>(yml.values());
        for (String module : List.of("server", "persistence", "allocation")) {
            try (Stream<Path> sources = Files.walk(Path.of("..", module, "src", "main"))) {
                for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                    texts.add(Files.readString(source));
                }
            }
        }
        for (String text : texts) {
            Matcher placeholder = PLACEHOLDER.matcher(text);
            while (placeholder.find()) {
                found.putIfAbsent(placeholder.group(1), placeholder.group(2) == null ? "" : placeholder.group(2));
            }
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Map<String, String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix + key + ".", value, into));
        } else {
            into.put(prefix.substring(0, prefix.length() - 1), node == null ? "" : String.valueOf(node));
        }
    }
}
