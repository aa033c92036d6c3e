package io.llmgw.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.Yaml;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Checks an object against an upstream CRD's OpenAPI v3 schema, offline: every field set must exist
 * (properties, additionalProperties, items; anything below x-kubernetes-preserve-unknown-fields is accepted),
 * with the right type, enum value, pattern, bounds, required fields and oneOf-required alternatives. The CRDs
 * are read in place from $LLMGW_SHARED_CRDS, ../shared/crds or /work/shared/crds; tests are skipped when none
 * exists. CEL rules are not evaluated (the integration tier's API server does that).
 */
public final class EdgeCrdSchema {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final String group;
    private final String kind;
    private final String version;
    private final boolean served;
    private final Map<String, Object> schema;

    private EdgeCrdSchema(String group, String kind, String version, boolean served, Map<String, Object> schema) {
        this.group = group;
        this.kind = kind;
        this.version = version;
        this.served = served;
        this.schema = schema;
    }

    public static Path directory() {
        String env = System.getenv("LLMGW_SHARED_CRDS");
        for (String candidate : env != null && !env.isBlank()
                ? List.of(env, "../shared/crds", "/work/shared/crds")
                : List.of("../shared/crds", "/work/shared/crds")) {
            Path dir = Path.of(candidate);
            if (Files.isDirectory(dir)) {
                return dir;
            }
        }
        return null;
    }

    /** The schema of one version of the CRD in {@code file}; skips the calling test when the CRDs are absent. */
    @SuppressWarnings("unchecked")
    public static EdgeCrdSchema load(String file, String version) {
        Path dir = directory();
        Assumptions.assumeTrue(dir != null && Files.isRegularFile(dir.resolve(file)),
                "upstream CRDs not found (set LLMGW_SHARED_CRDS): " + file);
        Map<String, Object> crd;
        try (InputStream in = Files.newInputStream(dir.resolve(file))) {
            crd = new Yaml().load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> spec = (Map<String, Object>) crd.get("spec");
        String kind = (String) ((Map<String, Object>) spec.get("names")).get("kind");
        for (Map<String, Object> v : (List<Map<String, Object>>) spec.get("versions")) {
            if (version.equals(v.get("name"))) {
                Map<String, Object> s = (Map<String, Object>) ((Map<String, Object>) v.get("schema")).get("openAPIV3Schema");
                return new EdgeCrdSchema((String) spec.get("group"), kind, version, Boolean.TRUE.equals(v.get("served")), s);
            }
        }
        throw new IllegalArgumentException(file + " has no version " + version);
    }

    public String apiVersion() {
        return group + "/" + version;
    }

    public String kind() {
        return kind;
    }

    public boolean served() {
        return served;
    }

    /** Everything in {@code resource} the schema would refuse or prune; empty when it fits. */
    @SuppressWarnings("unchecked")
    public List<String> violations(Object resource) {
        Map<String, Object> tree = SERIALIZATION.convertValue(resource, Map.class);
        List<String> out = new ArrayList<>();
        if (!apiVersion().equals(tree.get("apiVersion"))) {
            out.add("apiVersion: " + tree.get("apiVersion") + " is not " + apiVersion());
        }
        if (!kind.equals(tree.get("kind"))) {
            out.add("kind: " + tree.get("kind") + " is not " + kind);
        }
        if (!served) {
            out.add("apiVersion: " + apiVersion() + " is not served");
        }
        Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            if (e.getKey().equals("apiVersion") || e.getKey().equals("kind") || e.getKey().equals("metadata")) {
                continue; // ObjectMeta is validated by the API server itself, not by the CRD schema
            }
            Object sub = properties.get(e.getKey());
            if (sub == null) {
                out.add(e.getKey() + ": unknown field");
            } else {
                walk(e.getKey(), e.getValue(), (Map<String, Object>) sub, out);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void walk(String path, Object value, Map<String, Object> schema, List<String> out) {
        if (Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"))) {
            return;
        }
        String type = (String) schema.get("type");
        boolean intOrString = Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"));
        if (value instanceof Map<?, ?> raw) {
            Map<String, Object> map = (Map<String, Object>) raw;
            expect(path, "object", type, out);
            Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
            Object additional = schema.get("additionalProperties");
            for (Map.Entry<String, Object> e : map.entrySet()) {
                String child = path + "." + e.getKey();
                if (properties != null && properties.containsKey(e.getKey())) {
                    walk(child, e.getValue(), (Map<String, Object>) properties.get(e.getKey()), out);
                } else if (additional instanceof Map<?, ?> a) {
                    walk(child, e.getValue(), (Map<String, Object>) a, out);
                } else if (!Boolean.TRUE.equals(additional)) {
                    out.add(child + ": unknown field");
                }
            }
            for (String required : (List<String>) schema.getOrDefault("required", List.of())) {
                if (!map.containsKey(required)) {
                    out.add(path + "." + required + ": required");
                }
            }
            List<Map<String, Object>> oneOf = (List<Map<String, Object>>) schema.get("oneOf");
            if (oneOf != null) {
                long matching = oneOf.stream()
                        .filter(alt -> ((List<String>) alt.getOrDefault("required", List.of())).stream().allMatch(map::containsKey))
                        .count();
                if (matching != 1) {
                    out.add(path + ": matches " + matching + " of the oneOf alternatives, not exactly one");
                }
            }
        } else if (value instanceof List<?> list) {
            expect(path, "array", type, out);
            Map<String, Object> items = (Map<String, Object>) schema.get("items");
            for (int i = 0; i < list.size(); i++) {
                if (items == null) {
                    out.add(path + "[" + i + "]: no items schema");
                } else {
                    walk(path + "[" + i + "]", list.get(i), items, out);
                }
            }
        } else if (value instanceof String s) {
            if (!intOrString) {
                expect(path, "string", type, out);
            }
            List<?> allowed = (List<?>) schema.get("enum");
            if (allowed != null && !allowed.contains(s)) {
                out.add(path + ": " + s + " is not one of " + allowed);
            }
            String pattern = (String) schema.get("pattern");
            if (pattern != null && !Pattern.compile(pattern).matcher(s).find()) {
                out.add(path + ": " + s + " does not match " + pattern);
            }
            Number maxLength = (Number) schema.get("maxLength");
            if (maxLength != null && s.length() > maxLength.intValue()) {
                out.add(path + ": longer than " + maxLength);
            }
        } else if (value instanceof Number n) {
            boolean integral = n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
            if (!(intOrString && integral) && !("number".equals(type) || ("integer".equals(type) && integral))) {
                out.add(path + ": number " + n + " where schema says " + (intOrString ? "int-or-string" : type));
            }
            Number min = (Number) schema.get("minimum");
            Number max = (Number) schema.get("maximum");
            if (min != null && n.doubleValue() < min.doubleValue() || max != null && n.doubleValue() > max.doubleValue()) {
                out.add(path + ": " + n + " out of [" + min + ", " + max + "]");
            }
        } else if (value instanceof Boolean) {
            expect(path, "boolean", type, out);
        }
    }

    private static void expect(String path, String actual, String type, List<String> out) {
        if (type != null && !type.equals(actual)) {
            out.add(path + ": " + actual + " where schema says " + type);
        }
    }
}
