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
 * application.yml, in a settings class, or as {@code ${...}} in the code of server, administration,
 * persistence and allocation) has its row, with the environment variable Micronaut maps to it and the default
 * it really has; and each default is written in one place only.
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
    void everyDefaultIsWrittenOnce() throws IOException {
        List<String> problems = new ArrayList<>();
        definitions().forEach((property, defaults) -> {
            List<String> written = defaults.stream().filter(d -> !d.isEmpty()).toList();
            if (written.size() > 1) {
                problems.add(property + " has its default written " + written.size() + " times: " + written);
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void settingsClassesAreRead() {
        String source = """
                @ConfigurationProperties("publicip.example")
                public record ExampleSettings(
                        @Bindable(defaultValue = "5s") Duration firstBackoff,
                        @Nullable String token, int port) {
                }
                """;
        assertEquals(Map.of("publicip.example.first-backoff", "5s", "publicip.example.token", "", "publicip.example.port", ""),
                settingsClass(source));
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

    /**
     * Each property with its default, from wherever it is written: application.yml, the settings
     * classes ({@code @ConfigurationProperties} records' components and classes' fields, with
     * {@code @Bindable(defaultValue = ...)}), a {@code @Requires(property = ..., notEquals = "false")}
     * (on unless false) and a {@code ${...:default}} placeholder (in the yml or the code).
     */
    private static Map<String, String> propertiesWithDefaults() throws IOException {
        Map<String, String> found = new TreeMap<>();
        definitions().forEach((property, defaults) ->
                found.put(property, defaults.stream().filter(d -> !d.isEmpty()).findFirst().orElse("")));
        return found;
    }

    /** Each property with every default written for it; more than one non-empty is one too many. */
    private static Map<String, List<String>> definitions() throws IOException {
        Map<String, List<String>> found = new TreeMap<>();
        Map<String, String> yml = new TreeMap<>();
        try (InputStream in = SettingsTableTest.class.getResourceAsStream("/application.yml")) {
            flatten("", new Yaml().load(in), yml);
        }
        yml.forEach((key, value) -> {
            if (OURS.stream().anyMatch(key::startsWith)) {
                found.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        });
        List<String> texts = new ArrayList<>(yml.values());
        for (String module : List.of("server", "administration", "persistence", "allocation")) {
            try (Stream<Path> sources = Files.walk(Path.of("..", module, "src", "main"))) {
                for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                    texts.add(Files.readString(source));
                }
            }
        }
        for (String text : texts) {
            settingsClass(text).forEach((property, defaultValue) -> found.computeIfAbsent(property, k -> new ArrayList<>()).add(defaultValue));
            Matcher condition = ON_UNLESS_FALSE.matcher(text);
            while (condition.find()) {
                found.computeIfAbsent(condition.group(1), k -> new ArrayList<>()).add("true");
            }
            Matcher placeholder = PLACEHOLDER.matcher(text);
            while (placeholder.find()) {
                List<String> defaults = found.computeIfAbsent(placeholder.group(1), k -> new ArrayList<>());
                if (placeholder.group(2) != null && !defaults.contains(placeholder.group(2))) {
                    defaults.add(placeholder.group(2)); // one annotation may name a property twice
                } else if (defaults.isEmpty()) {
                    defaults.add("");
                }
            }
        }
        return found;
    }

    private static final Pattern SETTINGS_CLASS = Pattern.compile(
            "@ConfigurationProperties\\(\"([a-z0-9.-]+)\"\\)\\s*public\\s+(record\\s+\\w+\\s*\\((.*?)\\)\\s*\\{|class\\s+\\w+\\s*\\{(.*))",
            Pattern.DOTALL);
    /** A record component or a field: its annotations, its type and its name. */
    private static final Pattern MEMBER = Pattern.compile("((?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*)[\\w.<>]+\\s+(\\w+)\\s*$");
    private static final Pattern FIELD = Pattern.compile("(?m)^    private ((?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*[\\w.<>]+\\s+\\w+);");
    private static final Pattern DEFAULT = Pattern.compile("@Bindable\\(defaultValue = \"([^\"]*)\"\\)");
    private static final Pattern ON_UNLESS_FALSE = Pattern.compile("@Requires\\(property = \"([a-z0-9.-]+)\", notEquals = \"false\"\\)");

    /** The properties of a settings class, with their defaults (empty when none is written). */
    static Map<String, String> settingsClass(String source) {
        Map<String, String> properties = new TreeMap<>();
        Matcher settings = SETTINGS_CLASS.matcher(source);
        if (!settings.find()) {
            return properties;
        }
        String prefix = settings.group(1);
        List<String> members = new ArrayList<>();
        if (settings.group(3) != null) {
            members.addAll(List.of(settings.group(3).split(",(?![^(]*\\))")));
        } else {
            Matcher field = FIELD.matcher(settings.group(4));
            while (field.find()) {
                members.add(field.group(1));
            }
        }
        for (String member : members) {
            Matcher parts = MEMBER.matcher(member.replaceAll("(?s)/\\*.*?\\*/", "").strip());
            assertTrue(parts.find(), "cannot read the setting " + member + " of " + prefix);
            Matcher defaultValue = DEFAULT.matcher(parts.group(1));
            properties.put(prefix + "." + kebab(parts.group(2)), defaultValue.find() ? defaultValue.group(1) : "");
        }
        return properties;
    }

    static String kebab(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
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
