package io.keycloakhooks.project;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.admin.HookWrite;
import io.keycloakhooks.config.FailMode;
import io.keycloakhooks.config.HookConfig;
import io.keycloakhooks.config.HookJson;
import io.keycloakhooks.config.HookKind;
import io.keycloakhooks.config.HookParser;
import io.keycloakhooks.config.HookRef;
import io.keycloakhooks.config.ParseResult;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.call.CallMetrics;
import io.keycloakhooks.delivery.DeliveryMetrics;
import io.keycloakhooks.execlog.ExecutionLog;
import io.keycloakhooks.execlog.ExecutionRecord;
import io.keycloakhooks.execlog.ExecutionRecorder;
import io.keycloakhooks.execlog.PrehookMetrics;
import io.keycloakhooks.runtime.DefaultHooksRuntimeFactory;
import io.keycloakhooks.store.HookValues;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderFactory;

/**
 * The reference tables of the docs say what the code declares, in both directions: a server option, meter or hook
 * field the code has but the docs lack fails, and so does one the docs list that the code no longer has. Each
 * mismatch is named. The code is asked at run time where it can be (the option metadata and what {@code init} reads,
 * the meters registered into a registry, what the parser accepts and fills in).
 */
class DocsDriftTest {

    private static final Path OPERATIONS = Path.of("docs/operations.md");
    private static final Path CONFIGURATION = Path.of("docs/configuration.md");
    private static final Path PARSER_SOURCE = Path.of("src/main/java/io/keycloakhooks/config/HookParser.java");
    private static final Path SERVICES = Path.of("src/main/resources/META-INF/services");
    private static final String OPTION_PREFIX_CLI = "--spi-hooks--default--";
    private static final String OPTION_PREFIX_ENV = "KC_SPI_HOOKS__DEFAULT__";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");
    /** The field names the parser reads through its typed field reads. */
    private static final Pattern PARSER_FIELD_READ =
            Pattern.compile("\\bf\\.(?:text|requiredText|bool|integer|choice|get)\\(\"([A-Za-z]+)\"");
    private static final String URL = "https://hooks.example.com/in";
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    // ---------------------------------------------------------------------------------------------- server options

    @Test
    void serverOptionsMatchTheOperationsTable() throws Exception {
        List<String> problems = new ArrayList<>();

        // Every provider factory: what init reads from its scope must be declared in its metadata.
        for (ProviderFactory<?> factory : providerFactories()) {
            Set<String> read = readsOfInit(factory);
            Set<String> declared = new TreeSet<>();
            factory.getConfigMetadata().forEach(p -> declared.add(p.getName()));
            for (String name : read) {
                if (!declared.contains(name)) {
                    problems.add(factory.getClass().getSimpleName() + " reads option '" + name
                            + "' but does not declare it in getConfigMetadata()");
                }
            }
            if (!(factory instanceof DefaultHooksRuntimeFactory) && !declared.isEmpty()) {
                problems.add(factory.getClass().getSimpleName() + " declares options " + declared
                        + " that the options table (hooks SPI only) does not cover");
            }
        }

        Map<String, ProviderConfigProperty> declared = new TreeMap<>();
        new DefaultHooksRuntimeFactory().getConfigMetadata().forEach(p -> declared.put(p.getName(), p));
        assertTrue(declared.size() >= 9, "the hooks SPI declares its options: " + declared.keySet());

        List<Map<String, String>> rows = table(OPERATIONS, "Server options");
        Map<String, Map<String, String>> documented = new TreeMap<>();
        for (Map<String, String> row : rows) {
            String name = code(row.get("name"));
            if (documented.put(name, row) != null) {
                problems.add("option '" + name + "' is documented twice");
            }
        }
        for (String name : declared.keySet()) {
            if (!documented.containsKey(name)) {
                problems.add("option '" + name + "' is declared but not documented in " + OPERATIONS);
            }
        }
        for (Map.Entry<String, Map<String, String>> doc : documented.entrySet()) {
            String name = doc.getKey();
            Map<String, String> row = doc.getValue();
            ProviderConfigProperty property = declared.get(name);
            if (property == null) {
                problems.add("option '" + name + "' is documented in " + OPERATIONS + " but not declared");
                continue;
            }
            expect(problems, "option '" + name + "' CLI flag", OPTION_PREFIX_CLI + name, code(row.get("CLI flag")));
            expect(problems, "option '" + name + "' env var",
                    OPTION_PREFIX_ENV + name.replace('-', '_').toUpperCase(Locale.ROOT), code(row.get("env var")));
            Object value = property.getDefaultValue();
            String defaultText = row.get("default").strip();
            expect(problems, "option '" + name + "' default", value == null ? "none" : "`" + value + "`", defaultText);
            if (property.getHelpText() == null || property.getHelpText().isBlank()) {
                problems.add("option '" + name + "' has no help text");
            }
            if (row.get("meaning").isBlank()) {
                problems.add("option '" + name + "' has no meaning in " + OPERATIONS);
            }
        }
        assertTrue(problems.isEmpty(), "server options and " + OPERATIONS + " disagree:\n  "
                + String.join("\n  ", problems));
    }

    /** The provider factories the jar registers (META-INF/services) that can be made without Keycloak. */
    private static List<ProviderFactory<?>> providerFactories() throws IOException, ReflectiveOperationException {
        List<ProviderFactory<?>> factories = new ArrayList<>();
        try (var files = Files.list(SERVICES)) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    String name = line.strip();
                    if (name.isEmpty() || name.startsWith("#")) {
                        continue;
                    }
                    Class<?> type = Class.forName(name);
                    if (ProviderFactory.class.isAssignableFrom(type)) {
                        factories.add((ProviderFactory<?>) type.getConstructor().newInstance());
                    }
                }
            }
        }
        assertTrue(factories.stream().anyMatch(DefaultHooksRuntimeFactory.class::isInstance),
                "the hooks SPI's factory is registered");
        return factories;
    }

    /** The option names a factory's {@code init} reads, from a scope that records them and gives every default. */
    private static Set<String> readsOfInit(ProviderFactory<?> factory) {
        Set<String> read = new TreeSet<>();
        factory.init(recordingScope(read));
        return read;
    }

    private static Config.Scope recordingScope(Set<String> read) {
        return (Config.Scope) Proxy.newProxyInstance(Config.Scope.class.getClassLoader(),
                new Class<?>[] { Config.Scope.class }, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "scope":
                            return proxy;
                        case "getPropertyNames":
                            return Set.of();
                        case "toString":
                            return "recording scope";
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            if (args != null && args.length > 0 && args[0] instanceof String name) {
                                read.add(name);
                            }
                            return args != null && args.length > 1 ? args[1] : null;
                    }
                });
    }

    // -------------------------------------------------------------------------------------------------- metrics

    @Test
    void metersMatchTheMetricsTable() throws IOException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new DeliveryMetrics(registry);
        new CallMetrics(registry);
        ExecutionLog log = new ExecutionLog(10, Clock.systemUTC());
        // Prehook meters appear with their first call.
        new ExecutionRecorder(log, new PrehookMetrics(registry, log)).record(new ExecutionRecord("e1", "realm", "hook",
                "pre_sign_up", 0, null, null, null, "allow", true, 200, 5, null, null));

        Map<String, Meter.Type> types = new TreeMap<>();
        Map<String, Set<String>> tagKeys = new TreeMap<>();
        Map<String, Map<String, Set<String>>> tagValues = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            String name = meter.getId().getName();
            types.put(name, meter.getId().getType());
            Set<String> keys = tagKeys.computeIfAbsent(name, k -> new TreeSet<>());
            for (Tag tag : meter.getId().getTags()) {
                keys.add(tag.getKey());
                tagValues.computeIfAbsent(name, k -> new TreeMap<>())
                        .computeIfAbsent(tag.getKey(), k -> new TreeSet<>()).add(tag.getValue());
            }
        }
        assertTrue(types.size() >= 6, "the meters were registered: " + types.keySet());

        List<String> problems = new ArrayList<>();
        Map<String, Map<String, String>> documented = new TreeMap<>();
        for (Map<String, String> row : table(OPERATIONS, "Metrics")) {
            documented.put(code(row.get("Micrometer name")), row);
        }
        for (String name : types.keySet()) {
            if (!documented.containsKey(name)) {
                problems.add("meter '" + name + "' is registered but not documented in " + OPERATIONS);
            }
        }
        for (Map.Entry<String, Map<String, String>> doc : documented.entrySet()) {
            String name = doc.getKey();
            Map<String, String> row = doc.getValue();
            Meter.Type type = types.get(name);
            if (type == null) {
                problems.add("meter '" + name + "' is documented in " + OPERATIONS + " but not registered");
                continue;
            }
            List<String> micrometer = codes(row.get("Micrometer name"));
            Set<String> documentedTags = new TreeSet<>(micrometer.subList(1, micrometer.size()));
            expect(problems, "meter '" + name + "' tags", tagKeys.get(name).toString(), documentedTags.toString());

            String prometheus = code(row.get("Prometheus name"));
            int brace = prometheus.indexOf('{');
            String prometheusName = brace < 0 ? prometheus : prometheus.substring(0, brace);
            expect(problems, "meter '" + name + "' Prometheus name", prometheusName(name, type), prometheusName);
            Map<String, Set<String>> labels = brace < 0 ? Map.of() : labels(prometheus.substring(brace));
            expect(problems, "meter '" + name + "' Prometheus labels", tagKeys.get(name).toString(),
                    new TreeSet<>(labels.keySet()).toString());
            // Where the docs list a label's values, they are the values the code registers.
            labels.forEach((key, values) -> {
                if (!values.isEmpty()) {
                    Set<String> registered = tagValues.getOrDefault(name, Map.of()).getOrDefault(key, Set.of());
                    expect(problems, "meter '" + name + "' values of label " + key, registered.toString(),
                            new TreeSet<>(values).toString());
                }
            });
        }
        assertTrue(problems.isEmpty(), "registered meters and " + OPERATIONS + " disagree:\n  "
                + String.join("\n  ", problems));
    }

    /** Micrometer's Prometheus naming: dots become underscores, counters end in _total, timers in _seconds. */
    private static String prometheusName(String name, Meter.Type type) {
        String base = name.replace('.', '_');
        return switch (type) {
            case COUNTER -> base + "_total";
            case TIMER, LONG_TASK_TIMER -> base + "_seconds";
            default -> base;
        };
    }

    /** {@code {result="a"|"b"}} or {@code {trigger, decision}}: label names, each with the values listed (if any). */
    static Map<String, Set<String>> labels(String braces) {
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        String inner = braces.substring(1, braces.length() - 1).replace("\\|", "|");
        for (String part : inner.split(",")) {
            String label = part.strip();
            int eq = label.indexOf('=');
            Set<String> values = new TreeSet<>();
            if (eq >= 0) {
                for (String value : label.substring(eq + 1).split("\\|")) {
                    values.add(value.strip().replace("\"", ""));
                }
                label = label.substring(0, eq).strip();
            }
            labels.put(label, values);
        }
        return labels;
    }

    // ------------------------------------------------------------------------------------------------ hook fields

    @Test
    void hookFieldsMatchTheConfigurationTables() throws IOException {
        List<String> problems = new ArrayList<>();
        checkFields(HookKind.WEBHOOK, "Webhook fields", problems);
        checkFields(HookKind.PREHOOK, "Prehook fields", problems);

        // The fields of the representation that are never input.
        Set<String> readOnly = new TreeSet<>(HookWrite.READ_ONLY_FIELDS);
        for (String stored : List.of(HookValues.REVISION, HookValues.DISABLED_REASON)) {
            if (!readOnly.contains(stored)) {
                problems.add("'" + stored + "', which the store keeps in the attribute, is not read-only in the admin API");
            }
        }
        Set<String> documentedReadOnly = new TreeSet<>();
        for (Map<String, String> row : table(CONFIGURATION, "Read-only fields")) {
            documentedReadOnly.add(code(row.get("field")));
        }
        for (String field : readOnly) {
            if (!documentedReadOnly.contains(field)) {
                problems.add("read-only field '" + field + "' is not documented in " + CONFIGURATION);
            }
        }
        for (String field : documentedReadOnly) {
            if (!readOnly.contains(field)) {
                problems.add("read-only field '" + field + "' is documented in " + CONFIGURATION
                        + " but the admin API does not treat it as read-only");
            }
        }
        // Every field of a representation is a configuration field or a read-only one.
        for (HookKind kind : HookKind.values()) {
            ObjectNode full = HookJson.toRepresentation(valid(kind, full(kind)));
            Set<String> known = new TreeSet<>(accepted(kind));
            known.addAll(readOnly);
            full.fieldNames().forEachRemaining(field -> {
                if (!known.contains(field)) {
                    problems.add(kind + " representation field '" + field + "' is neither a field nor read-only");
                }
            });
        }
        assertTrue(problems.isEmpty(), "hook fields and " + CONFIGURATION + " disagree:\n  "
                + String.join("\n  ", problems));
    }

    private void checkFields(HookKind kind, String heading, List<String> problems) throws IOException {
        Set<String> accepted = accepted(kind);
        assertTrue(accepted.containsAll(List.of("url", "secret", "enabled", "timeoutMs")),
                kind + " fields were found: " + accepted);
        Map<String, Map<String, String>> documented = new TreeMap<>();
        for (Map<String, String> row : table(CONFIGURATION, heading)) {
            String field = code(row.get("field"));
            if (documented.put(field, row) != null) {
                problems.add(kind + " field '" + field + "' is documented twice");
            }
        }
        for (String field : accepted) {
            if (!documented.containsKey(field)) {
                problems.add(kind + " field '" + field + "' is accepted but not in " + CONFIGURATION + " § " + heading);
            }
        }
        ObjectNode minimal = minimal(kind);
        ObjectNode defaults = (ObjectNode) JSON.readTree(HookJson.toAttributeValue(valid(kind, minimal)));
        for (Map.Entry<String, Map<String, String>> doc : documented.entrySet()) {
            String field = doc.getKey();
            Map<String, String> row = doc.getValue();
            if (!accepted.contains(field)) {
                problems.add(kind + " field '" + field + "' is in " + CONFIGURATION + " § " + heading
                        + " but the parser does not read it");
                continue;
            }
            expect(problems, kind + " field '" + field + "' default", defaultOf(kind, minimal, defaults, field),
                    row.get("default").strip());
            List<String> allowed = allowedValues(kind, field);
            if (allowed != null) {
                expect(problems, kind + " field '" + field + "' allowed values", new TreeSet<>(allowed).toString(),
                        new TreeSet<>(codes(row.get("rules"))).toString());
            }
        }
    }

    /** How the docs write a field's default: {@code required}, {@code none}, or the filled-in value in backticks. */
    private static String defaultOf(HookKind kind, ObjectNode minimal, ObjectNode defaults, String field) {
        if (minimal.has(field)) {
            ObjectNode without = minimal.deepCopy();
            without.remove(field);
            boolean required = parse(kind, without).errors().stream().anyMatch(e -> e.field().equals(field));
            if (required) {
                return "required";
            }
        }
        JsonNode value = defaults.get(field);
        if (value == null) {
            return "none";
        }
        return "`" + (value.isTextual() ? value.asText() : value.toString()) + "`";
    }

    /** The values an enumerated field allows, or null when it is not one. */
    private static List<String> allowedValues(HookKind kind, String field) {
        if (kind == HookKind.PREHOOK && field.equals("trigger")) {
            return Arrays.stream(Trigger.values()).map(Trigger::value).toList();
        }
        if (kind == HookKind.PREHOOK && field.equals("failMode")) {
            return Arrays.stream(FailMode.values()).map(FailMode::value).toList();
        }
        return null;
    }

    /**
     * The fields the parser reads for a kind: of every candidate name (those the parser's source reads, those a full
     * hook is written back with, those the docs list), the ones for which a value of the wrong type is refused
     * naming the field. Unknown fields are ignored, so a field that is not read gives no error.
     */
    private Set<String> accepted(HookKind kind) throws IOException {
        Set<String> candidates = new TreeSet<>();
        Matcher read = PARSER_FIELD_READ.matcher(Files.readString(PARSER_SOURCE));
        while (read.find()) {
            candidates.add(read.group(1));
        }
        JSON.readTree(HookJson.toAttributeValue(valid(kind, full(kind)))).fieldNames()
                .forEachRemaining(candidates::add);
        for (String heading : List.of("Webhook fields", "Prehook fields")) {
            table(CONFIGURATION, heading).forEach(row -> candidates.add(code(row.get("field"))));
        }
        Set<String> accepted = new TreeSet<>();
        for (String candidate : candidates) {
            ObjectNode probe = minimal(kind);
            probe.set(candidate, JSON.createArrayNode().add(1));
            if (parse(kind, probe).errors().stream().anyMatch(e -> e.field().replaceAll("\\[\\d+]$", "")
                    .equals(candidate))) {
                accepted.add(candidate);
            }
        }
        return accepted;
    }

    private static ObjectNode minimal(HookKind kind) {
        ObjectNode node = JSON.createObjectNode();
        if (kind == HookKind.PREHOOK) {
            node.put("trigger", Trigger.JWT.value());
        }
        node.put("url", URL);
        if (kind == HookKind.WEBHOOK) {
            node.putArray("events").add("*");
        }
        return node;
    }

    /** A hook with every field set to a value other than its default. */
    private static ObjectNode full(HookKind kind) {
        ObjectNode node = minimal(kind).put("secret", SECRET).put("enabled", false).put("name", "n")
                .put("description", "d");
        node.putObject("headers").put("X-Tenant", "t");
        if (kind == HookKind.WEBHOOK) {
            node.put("timeoutMs", 2000);
        } else {
            node.put("timeoutMs", 2000).put("failMode", FailMode.CLOSED.value()).put("order", 3)
                    .put("cacheTtlSeconds", 60);
        }
        return node;
    }

    private static ParseResult parse(HookKind kind, ObjectNode value) {
        return HookParser.parse(new HookRef(kind, "drift"), value.toString());
    }

    /** The config of a value that must be valid. */
    private static HookConfig valid(HookKind kind, ObjectNode value) {
        ParseResult result = parse(kind, value);
        assertTrue(result.valid(), kind + " " + value + " is valid: " + result.errors());
        return result.config();
    }

    // --------------------------------------------------------------------------------------------- markdown tables

    /**
     * The first table under the heading with exactly this text (any level): one map per row, from column header to
     * cell text (trimmed; {@code \|} stays part of the cell).
     */
    static List<Map<String, String>> table(Path markdown, String heading) throws IOException {
        List<String> lines = Files.readAllLines(markdown);
        int at = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("#{1,6}\\s+" + Pattern.quote(heading) + "\\s*")) {
                at = i;
                break;
            }
        }
        assertTrue(at >= 0, markdown + " has a heading '" + heading + "'");
        int start = at + 1;
        while (start < lines.size() && !lines.get(start).startsWith("|")) {
            assertFalse(lines.get(start).startsWith("#"), markdown + " has a table under '" + heading + "'");
            start++;
        }
        assertTrue(start < lines.size(), markdown + " has a table under '" + heading + "'");
        List<String> header = cells(lines.get(start));
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> cells = cells(lines.get(i));
            assertTrue(cells.size() == header.size(), markdown + " § " + heading + ": row " + lines.get(i)
                    + " has " + cells.size() + " cells, the header " + header.size());
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), cells.get(c));
            }
            rows.add(row);
        }
        assertFalse(rows.isEmpty(), markdown + " § " + heading + " has rows");
        return rows;
    }

    static List<String> cells(String line) {
        String inner = line.strip();
        inner = inner.substring(1, inner.endsWith("|") && !inner.endsWith("\\|") ? inner.length() - 1 : inner.length());
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
            cells.add(cell.strip());
        }
        return cells;
    }

    /** The first inline code span of a cell (the whole cell when it has none). */
    static String code(String cell) {
        List<String> codes = codes(cell);
        return codes.isEmpty() ? cell.strip() : codes.get(0);
    }

    static List<String> codes(String cell) {
        List<String> codes = new ArrayList<>();
        Matcher code = CODE.matcher(cell);
        while (code.find()) {
            codes.add(code.group(1));
        }
        return codes;
    }

    private static void expect(List<String> problems, String what, String code, String docs) {
        if (!code.equals(docs)) {
            problems.add(what + ": the code has " + code + ", the docs say " + docs);
        }
    }
}
