package io.llmgw.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/api-reference.md is generated from the committed CRD schema, so the reference cannot drift from what the
 * API server validates. Run with -Dllmgw.updateDocs=true to regenerate it after changing the API.
 */
class ApiReferenceTest {
    static final Path CRD = Path.of("deploy/crds/litellmgateways.llmgw.io-v1.yml");
    static final Path DOC = Path.of("docs/api-reference.md");
    /** Standard Kubernetes types: documented upstream, not expanded here. */
    static final Map<String, String> KUBERNETES_TYPES = Map.of(
            "resources", "ResourceRequirements", "analyzerResources", "ResourceRequirements",
            "anonymizerResources", "ResourceRequirements", "affinity", "Affinity", "tolerations", "[]Toleration",
            "topologySpreadConstraints", "[]TopologySpreadConstraint", "env", "[]EnvVar", "envFrom", "[]EnvFromSource");

    @Test
    void apiReferenceIsGeneratedFromTheCrd() throws IOException {
        String generated = generate();
        if (Boolean.getBoolean("llmgw.updateDocs")) {
            Files.writeString(DOC, generated);
        }
        assertThat(Files.exists(DOC)).as("%s exists (generate it with -Dllmgw.updateDocs=true)", DOC).isTrue();
        assertThat(Files.readString(DOC)).as("docs/api-reference.md is stale: rerun the tests with -Dllmgw.updateDocs=true")
                .isEqualTo(generated);
    }

    @SuppressWarnings("unchecked")
    static String generate() throws IOException {
        Map<String, Object> crd = new Yaml().load(Files.readString(CRD));
        Map<String, Object> spec = (Map<String, Object>) crd.get("spec");
        Map<String, Object> version = ((List<Map<String, Object>>) spec.get("versions")).get(0);
        Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) version.get("schema")).get("openAPIV3Schema");
        Map<String, Object> props = (Map<String, Object>) schema.get("properties");
        StringBuilder out = new StringBuilder();
        out.append("# API reference: LiteLLMGateway (").append(spec.get("group")).append('/').append(version.get("name")).append(")\n\n");
        out.append("Generated from `").append(CRD).append("` by `ApiReferenceTest`; do not edit by hand.\n\n");
        out.append("Short name `llmgw`. Printer columns: ");
        List<Map<String, Object>> columns = (List<Map<String, Object>>) version.get("additionalPrinterColumns");
        out.append(String.join(", ", columns.stream().map(c -> c.get("name") + " (`" + c.get("jsonPath") + "`"
                + (c.get("priority") instanceof Number p && p.intValue() > 0 ? ", with -o wide" : "") + ")").toList())).append(".\n\n");
        section(out, "spec", (Map<String, Object>) props.get("spec"));
        section(out, "status", (Map<String, Object>) props.get("status"));
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    static void section(StringBuilder out, String name, Map<String, Object> node) {
        out.append("## ").append(name).append("\n\n");
        rules(out, name, node);
        out.append("| field | type | required | default | validation | description |\n|---|---|---|---|---|---|\n");
        fields(out, name, node);
        out.append('\n');
    }

    @SuppressWarnings("unchecked")
    static void fields(StringBuilder out, String path, Map<String, Object> node) {
        Map<String, Object> props = (Map<String, Object>) node.get("properties");
        if (props == null) {
            return;
        }
        List<String> required = (List<String>) node.getOrDefault("required", List.of());
        for (Map.Entry<String, Object> e : props.entrySet()) {
            Map<String, Object> child = (Map<String, Object>) e.getValue();
            String childPath = path + "." + e.getKey();
            String k8s = KUBERNETES_TYPES.get(e.getKey());
            out.append("| `").append(childPath).append("` | ").append(k8s != null ? "Kubernetes " + k8s : type(child)).append(" | ")
                    .append(required.contains(e.getKey()) ? "yes" : "").append(" | ")
                    .append(child.containsKey("default") ? "`" + child.get("default") + "`" : "").append(" | ")
                    .append(validation(child)).append(" | ")
                    .append(escape((String) child.getOrDefault("description", ""))).append(" |\n");
            if (k8s != null) {
                continue;
            }
            Map<String, Object> inner = "array".equals(child.get("type")) ? (Map<String, Object>) child.get("items") : child;
            if (inner != null && inner.get("properties") != null) {
                fields(out, childPath + ("array".equals(child.get("type")) ? "[]" : ""), inner);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static void rules(StringBuilder out, String path, Map<String, Object> node) {
        List<Map<String, Object>> rules = (List<Map<String, Object>>) node.get("x-kubernetes-validations");
        if (rules != null) {
            out.append("Rules on `").append(path).append("` (checked by the API server at apply time):\n\n");
            rules.forEach(r -> out.append("- ").append(r.get("message")).append(": `").append(r.get("rule")).append("`\n"));
            out.append('\n');
        }
        Map<String, Object> props = (Map<String, Object>) node.get("properties");
        if (props == null || path.equals("status")) {
            return;
        }
        for (Map.Entry<String, Object> e : props.entrySet()) {
            if (KUBERNETES_TYPES.containsKey(e.getKey())) {
                continue;
            }
            Map<String, Object> child = (Map<String, Object>) e.getValue();
            Map<String, Object> inner = "array".equals(child.get("type")) ? (Map<String, Object>) child.get("items") : child;
            if (inner != null && path.startsWith("spec")) {
                rules(out, path + "." + e.getKey() + ("array".equals(child.get("type")) ? "[]" : ""), inner);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static String type(Map<String, Object> node) {
        if (Boolean.TRUE.equals(node.get("x-kubernetes-preserve-unknown-fields"))) {
            return "free-form object";
        }
        if (Boolean.TRUE.equals(node.get("x-kubernetes-int-or-string"))) {
            return "int or string";
        }
        Object type = node.get("type");
        if ("array".equals(type)) {
            return "[]" + type((Map<String, Object>) node.get("items"));
        }
        if ("object".equals(type) && node.get("additionalProperties") instanceof Map<?, ?> values) {
            return "map[string]" + type((Map<String, Object>) values);
        }
        return String.valueOf(type);
    }

    static String validation(Map<String, Object> node) {
        StringBuilder v = new StringBuilder();
        for (String key : Set.of("pattern", "minimum", "maximum", "minItems", "maxItems", "minLength", "maxLength").stream().sorted().toList()) {
            if (node.containsKey(key)) {
                v.append(v.length() > 0 ? ", " : "").append(key).append(' ').append("`").append(escape(String.valueOf(node.get(key)))).append("`");
            }
        }
        return v.toString();
    }

    static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
