package io.llmgw.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The examples are applied with kubectl, so they must pass the committed CRD's schema (types, patterns, bounds,
 * required and unknown fields; CEL rules are repeated by the model's own checks) and every field must survive
 * the operator's deserialisation (a misspelt field would otherwise be dropped silently by the offline render).
 */
class ExamplesSchemaTest {
    static final Path CRD = Path.of("deploy/crds/litellmgateways.llmgw.io-v1.yml");

    @TestFactory
    Stream<DynamicTest> examplesMatchTheCrdSchema() throws IOException {
        Map<String, Object> schema = openApiSchema();
        return Examples.names().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Map<String, Object> doc = raw(name);
            List<String> errors = new ArrayList<>();
            assertThat(doc.get("apiVersion")).isEqualTo("llmgw.io/v1alpha1");
            assertThat(doc.get("kind")).isEqualTo("LiteLLMGateway");
            validate(doc.get("spec"), child(schema, "spec"), "spec", errors);
            assertThat(errors).as("examples/%s.yaml against %s", name, CRD).isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyFieldSurvivesDeserialisation() {
        return Examples.names().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Object written = raw(name).get("spec");
            Object read = Serialization.jsonMapper().convertValue(Examples.load(name).getSpec(), Object.class);
            List<String> lost = new ArrayList<>();
            compare(written, read, "spec", lost);
            assertThat(lost).as("fields of examples/%s.yaml the operator does not read back", name).isEmpty();
        }));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> raw(String name) throws IOException {
        try (InputStream in = Files.newInputStream(Examples.file(name))) {
            return (Map<String, Object>) new Yaml().load(in);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> openApiSchema() throws IOException {
        try (InputStream in = Files.newInputStream(CRD)) {
            Map<String, Object> crd = (Map<String, Object>) new Yaml().load(in);
            Map<String, Object> spec = (Map<String, Object>) crd.get("spec");
            Map<String, Object> version = ((List<Map<String, Object>>) spec.get("versions")).get(0);
            return (Map<String, Object>) ((Map<String, Object>) version.get("schema")).get("openAPIV3Schema");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> schema, String property) {
        return (Map<String, Object>) ((Map<String, Object>) schema.get("properties")).get(property);
    }

    /** A small structural-schema validator: enough for the keywords the generated CRD uses. */
    @SuppressWarnings("unchecked")
    static void validate(Object value, Map<String, Object> schema, String path, List<String> errors) {
        if (Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"))) {
            if (!(value instanceof Integer || value instanceof Long || value instanceof String)) {
                errors.add(path + ": must be an integer or a string, is " + describe(value));
            }
            return;
        }
        String type = (String) schema.get("type");
        if (type == null) {
            return;
        }
        switch (type) {
            case "object" -> {
                if (!(value instanceof Map<?, ?> map)) {
                    errors.add(path + ": must be an object, is " + describe(value));
                    return;
                }
                Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
                Object additional = schema.get("additionalProperties");
                boolean preserve = Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"));
                for (var e : map.entrySet()) {
                    String key = String.valueOf(e.getKey());
                    String child = path + "." + key;
                    if (properties != null && properties.containsKey(key)) {
                        validate(e.getValue(), (Map<String, Object>) properties.get(key), child, errors);
                    } else if (additional instanceof Map<?, ?> a) {
                        validate(e.getValue(), (Map<String, Object>) a, child, errors);
                    } else if (!preserve) {
                        errors.add(child + ": unknown field");
                    }
                }
                List<String> required = (List<String>) schema.get("required");
                if (required != null) {
                    required.stream().filter(r -> !map.containsKey(r)).forEach(r -> errors.add(path + "." + r + ": required"));
                }
            }
            case "array" -> {
                if (!(value instanceof List<?> list)) {
                    errors.add(path + ": must be an array, is " + describe(value));
                    return;
                }
                bound(list.size(), schema.get("minItems"), schema.get("maxItems"), path + " (items)", errors);
                Map<String, Object> items = (Map<String, Object>) schema.get("items");
                for (int i = 0; i < list.size() && items != null; i++) {
                    validate(list.get(i), items, path + "[" + i + "]", errors);
                }
            }
            case "string" -> {
                if (!(value instanceof String s)) {
                    errors.add(path + ": must be a string, is " + describe(value) + " (quote it)");
                    return;
                }
                String pattern = (String) schema.get("pattern");
                if (pattern != null && !java.util.regex.Pattern.compile(pattern).matcher(s).find()) {
                    errors.add(path + ": \"" + s + "\" does not match " + pattern);
                }
                List<Object> allowed = (List<Object>) schema.get("enum");
                if (allowed != null && !allowed.contains(s)) {
                    errors.add(path + ": \"" + s + "\" is not one of " + allowed);
                }
                bound(s.length(), schema.get("minLength"), schema.get("maxLength"), path + " (length)", errors);
            }
            case "integer" -> {
                if (!(value instanceof Integer || value instanceof Long)) {
                    errors.add(path + ": must be an integer, is " + describe(value));
                    return;
                }
                bound(((Number) value).doubleValue(), schema.get("minimum"), schema.get("maximum"), path, errors);
            }
            case "number" -> {
                if (!(value instanceof Number)) {
                    errors.add(path + ": must be a number, is " + describe(value));
                }
            }
            case "boolean" -> {
                if (!(value instanceof Boolean)) {
                    errors.add(path + ": must be a boolean, is " + describe(value));
                }
            }
            default -> errors.add(path + ": schema type " + type + " not understood by this test");
        }
    }

    private static void bound(double v, Object min, Object max, String path, List<String> errors) {
        if (min instanceof Number n && v < n.doubleValue()) {
            errors.add(path + ": " + v + " is below " + n);
        }
        if (max instanceof Number n && v > n.doubleValue()) {
            errors.add(path + ": " + v + " is above " + n);
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }

    /** Everything written must be read back with the same value (defaults may be added, nothing dropped). */
    private static void compare(Object written, Object read, String path, List<String> lost) {
        if (written instanceof Map<?, ?> w) {
            if (!(read instanceof Map<?, ?> r)) {
                lost.add(path + ": read back as " + describe(read));
                return;
            }
            for (var e : w.entrySet()) {
                if (!r.containsKey(e.getKey())) {
                    lost.add(path + "." + e.getKey() + ": dropped");
                } else {
                    compare(e.getValue(), r.get(e.getKey()), path + "." + e.getKey(), lost);
                }
            }
        } else if (written instanceof List<?> w) {
            if (!(read instanceof List<?> r) || r.size() != w.size()) {
                lost.add(path + ": read back as " + describe(read));
                return;
            }
            for (int i = 0; i < w.size(); i++) {
                compare(w.get(i), r.get(i), path + "[" + i + "]", lost);
            }
        } else if (!String.valueOf(written).equals(String.valueOf(read))) {
            lost.add(path + ": " + describe(written) + " read back as " + describe(read));
        }
    }
}
