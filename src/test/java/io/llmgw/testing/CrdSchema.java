package io.llmgw.testing;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The openAPIV3Schema of one version of an upstream CustomResourceDefinition (read in place from the provisioned
 * CRD folder, {@link UpstreamCrds}, never copied into this repository), used offline to check an object the way the API server would: its
 * apiVersion and kind are the CRD's, the version is served, and every field it sets exists in the schema
 * (properties, additionalProperties, items) with a matching type, allowed enum value, pattern, maxLength and
 * minimum/maximum, the required fields of each object it fills, and exactly one matching alternative of a
 * {@code oneOf} made of required-field alternatives. Descent stops at {@code x-kubernetes-preserve-unknown-fields};
 * {@code metadata} is left to the API server, and so are CEL rules (the integration tier's API server evaluates
 * them).
 *
 * <p>A missing file fails the test (it is never skipped): a schema check that silently does not run would pass for
 * any object.
 */
public final class CrdSchema {
    /** Implicit in every CRD (not always declared in its schema) and checked by the API server itself. */
    private static final java.util.Set<String> ROOT_FIELDS = java.util.Set.of("apiVersion", "kind", "metadata");

    private final String source;
    private final String group;
    private final String kind;
    private final String version;
    private final boolean served;
    private final Map<String, Object> root;

    private CrdSchema(String source, String group, String kind, String version, boolean served, Map<String, Object> root) {
        this.source = source;
        this.group = group;
        this.kind = kind;
        this.version = version;
        this.served = served;
        this.root = root;
    }

    /** The schema of {@code version} of an upstream CRD by name (e.g. "clusters.postgresql.cnpg.io", "v1"). */
    public static CrdSchema load(String crdName, String version) {
        return load(UpstreamCrds.file(crdName), version);
    }

    /** The schema of {@code version} in the CRD file at {@code path} (e.g. this project's own CRD under deploy/crds). */
    public static CrdSchema load(Path path, String version) {
        String file = path.getFileName().toString();
        if (!Files.isRegularFile(path)) {
            throw new AssertionError("upstream CRD " + path.toAbsolutePath().normalize() + " does not exist");
        }
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        Object crd;
        try (Reader reader = Files.newBufferedReader(path)) {
            crd = new Yaml(options).load(reader);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + path, e);
        }
        Map<String, Object> spec = map(map(crd, file).get("spec"), file + ": spec");
        String group = (String) spec.get("group");
        String kind = (String) map(spec.get("names"), file + ": spec.names").get("kind");
        for (Object v : list(spec.get("versions"), file + ": spec.versions")) {
            Map<String, Object> entry = map(v, file + ": spec.versions[]");
            if (version.equals(entry.get("name"))) {
                Map<String, Object> schema = map(map(entry.get("schema"), file + " " + version + ": schema").get("openAPIV3Schema"),
                        file + " " + version + ": schema.openAPIV3Schema");
                return new CrdSchema(file + " (" + version + ")", group, kind, version, Boolean.TRUE.equals(entry.get("served")), schema);
            }
        }
        throw new AssertionError(file + " serves no version " + version);
    }

    /** The apiVersion objects of this CRD version carry, e.g. "postgresql.cnpg.io/v1". */
    public String apiVersion() {
        return group + "/" + version;
    }

    /** The CRD's kind, e.g. "Cluster". */
    public String kind() {
        return kind;
    }

    /** Whether the API server serves this version (a version that is only stored refuses every object). */
    public boolean served() {
        return served;
    }

    /** Fails, listing every problem, unless each field {@code object} sets is allowed by the schema. */
    public void assertValid(Object object) {
        List<String> problems = problems(object);
        if (!problems.isEmpty()) {
            throw new AssertionError("object does not match the upstream schema " + source + ":\n  " + String.join("\n  ", problems));
        }
    }

    /**
     * What the API server would refuse or prune in {@code object}: another apiVersion or kind, an unserved version,
     * and the fields the schema does not know or does not accept; empty when it conforms.
     */
    public List<String> problems(Object object) {
        Map<String, Object> value = Serialization.jsonMapper().convertValue(object, Map.class);
        List<String> problems = new ArrayList<>();
        if (!apiVersion().equals(value.get("apiVersion"))) {
            problems.add("apiVersion: " + value.get("apiVersion") + " is not " + apiVersion());
        }
        if (!kind.equals(value.get("kind"))) {
            problems.add("kind: " + value.get("kind") + " is not " + kind);
        }
        if (!served) {
            problems.add("apiVersion: " + apiVersion() + " is not served");
        }
        walk("", value, root, problems, true);
        return problems;
    }

    /** Whether the dotted path (list items as []) exists, e.g. "spec.backup.barmanObjectStore.wal.compression". */
    public boolean hasPath(String path) {
        Map<String, Object> node = root;
        for (String segment : path.split("\\.")) {
            boolean item = segment.endsWith("[]");
            String name = item ? segment.substring(0, segment.length() - 2) : segment;
            if (Boolean.TRUE.equals(node.get("x-kubernetes-preserve-unknown-fields"))) {
                return true;
            }
            Map<String, Object> properties = optionalMap(node.get("properties"));
            if (properties == null || !properties.containsKey(name)) {
                return false;
            }
            node = map(properties.get(name), path);
            if (item) {
                if (node.get("items") == null) {
                    return false;
                }
                node = map(node.get("items"), path);
            }
        }
        return true;
    }

    private void walk(String path, Object value, Map<String, Object> schema, List<String> problems, boolean top) {
        if (value == null) {
            return;
        }
        if (Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"))) {
            return;
        }
        String at = path.isEmpty() ? "<root>" : path;
        if (Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"))) {
            if (value instanceof String || integral(value)) {
                checkScalar(at, value, value instanceof String ? "string" : "integer", schema, problems);
            } else {
                problems.add(at + ": expected an integer or a string, got " + describe(value));
            }
            return;
        }
        String type = (String) schema.get("type");
        if (value instanceof Map<?, ?> object) {
            if (type != null && !"object".equals(type)) {
                problems.add(at + ": expected " + type + ", got an object");
                return;
            }
            checkRequired(at, object, schema, problems);
            checkOneOf(at, object, schema, problems);
            Map<String, Object> properties = optionalMap(schema.get("properties"));
            Object additional = schema.get("additionalProperties");
            for (Map.Entry<?, ?> e : object.entrySet()) {
                String key = String.valueOf(e.getKey());
                String child = path.isEmpty() ? key : path + "." + key;
                if (top && ROOT_FIELDS.contains(key)) {
                    continue;
                }
                if (properties != null && properties.containsKey(key)) {
                    walk(child, e.getValue(), map(properties.get(key), child), problems, false);
                } else if (additional instanceof Map<?, ?>) {
                    walk(child, e.getValue(), map(additional, child), problems, false);
                } else if (Boolean.TRUE.equals(additional)) {
                    continue;
                } else {
                    problems.add(child + ": unknown field" + (properties != null ? " (known here: " + properties.keySet() + ")" : ""));
                }
            }
        } else if (value instanceof List<?> items) {
            if (type != null && !"array".equals(type)) {
                problems.add(at + ": expected " + type + ", got an array");
                return;
            }
            Object itemSchema = schema.get("items");
            for (int i = 0; i < items.size(); i++) {
                if (itemSchema == null) {
                    problems.add(at + "[" + i + "]: the schema declares no items");
                } else {
                    walk(path + "[" + i + "]", items.get(i), map(itemSchema, at), problems, false);
                }
            }
        } else {
            checkScalar(at, value, type, schema, problems);
        }
    }

    private static void checkRequired(String at, Map<?, ?> object, Map<String, Object> schema, List<String> problems) {
        Object required = schema.get("required");
        if (required instanceof List<?> names) {
            for (Object name : names) {
                if (object.get(name) == null) {
                    problems.add(at + ": required field " + name + " is missing");
                }
            }
        }
    }

    /**
     * A {@code oneOf} whose alternatives each list required fields ("set exactly one of a or b", as Cilium writes
     * it) must match exactly one of them; one with an alternative that requires nothing is not judged here.
     */
    private static void checkOneOf(String at, Map<?, ?> object, Map<String, Object> schema, List<String> problems) {
        if (!(schema.get("oneOf") instanceof List<?> alternatives) || alternatives.isEmpty()) {
            return;
        }
        long matching = 0;
        for (Object alternative : alternatives) {
            Map<String, Object> alt = optionalMap(alternative);
            if (alt == null || !(alt.get("required") instanceof List<?> names) || names.isEmpty()) {
                return;
            }
            if (names.stream().allMatch(name -> object.get(name) != null)) {
                matching++;
            }
        }
        if (matching != 1) {
            problems.add(at + ": matches " + matching + " of the oneOf alternatives, not exactly one");
        }
    }

    private static void checkScalar(String at, Object value, String type, Map<String, Object> schema, List<String> problems) {
        boolean ok = switch (type == null ? "" : type) {
            case "string" -> value instanceof String;
            case "integer" -> integral(value);
            case "number" -> value instanceof Number;
            case "boolean" -> value instanceof Boolean;
            case "" -> true;
            default -> false;
        };
        if (!ok) {
            problems.add(at + ": expected " + type + ", got " + describe(value));
            return;
        }
        Object allowed = schema.get("enum");
        if (allowed instanceof List<?> values && values.stream().noneMatch(v -> Objects.equals(String.valueOf(v), String.valueOf(value)))) {
            problems.add(at + ": " + value + " is not one of " + values);
        }
        if (value instanceof String s && schema.get("pattern") instanceof String pattern && !matches(pattern, s)) {
            problems.add(at + ": " + s + " does not match " + pattern);
        }
        if (value instanceof String s && schema.get("maxLength") instanceof Number max && s.length() > max.intValue()) {
            problems.add(at + ": longer than " + max + " characters");
        }
        if (value instanceof Number n) {
            Number min = (Number) schema.get("minimum");
            Number max = (Number) schema.get("maximum");
            if (min != null && n.doubleValue() < min.doubleValue() || max != null && n.doubleValue() > max.doubleValue()) {
                problems.add(at + ": " + n + " out of [" + min + ", " + max + "]");
            }
        }
    }

    private static boolean integral(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof java.math.BigInteger;
    }

    /** OpenAPI patterns are unanchored; one Java cannot compile (RE2-only syntax) is not held against the value. */
    private static boolean matches(String pattern, String value) {
        try {
            return java.util.regex.Pattern.compile(pattern).matcher(value).find();
        } catch (java.util.regex.PatternSyntaxException e) {
            return true;
        }
    }

    private static String describe(Object value) {
        return value.getClass().getSimpleName() + " " + value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String where) {
        if (!(node instanceof Map<?, ?>)) {
            throw new AssertionError(where + ": expected a mapping in the CRD, got " + node);
        }
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> optionalMap(Object node) {
        return node instanceof Map<?, ?> ? (Map<String, Object>) node : null;
    }

    private static List<?> list(Object node, String where) {
        if (!(node instanceof List<?> l)) {
            throw new AssertionError(where + ": expected a list in the CRD, got " + node);
        }
        return l;
    }

    @Override
    public String toString() {
        return "CrdSchema[" + source + "]";
    }
}
