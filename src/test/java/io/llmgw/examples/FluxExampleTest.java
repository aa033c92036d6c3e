package io.llmgw.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * examples/flux: parsed as YAML only (the Flux CRDs are not installed in any test API server here): the expected
 * Flux kinds and apiVersions, paths that exist in this repository, the dependency, and a health check that names
 * the gateway the second Kustomization really applies, with the CRD's own group and version.
 */
class FluxExampleTest {
    static final Path DIR = Path.of("examples/flux");
    static final String GIT_REPOSITORY = "source.toolkit.fluxcd.io/v1";
    static final String KUSTOMIZATION = "kustomize.toolkit.fluxcd.io/v1";

    @Test
    void operatorIsInstalledFromDeployOperatorAndWaitedFor() throws IOException {
        List<Map<String, Object>> docs = documents(DIR.resolve("operator.yaml"));
        assertThat(docs).extracting(d -> d.get("apiVersion") + " " + d.get("kind"))
                .containsExactly(GIT_REPOSITORY + " GitRepository", KUSTOMIZATION + " Kustomization");
        Map<String, Object> source = docs.get(0);
        Map<String, Object> operator = docs.get(1);
        assertThat(map(source, "spec")).containsKeys("url", "ref", "interval");

        Map<String, Object> spec = map(operator, "spec");
        assertThat(spec.get("path")).isEqualTo("./deploy/operator");
        assertThat(Path.of("deploy/operator/kustomization.yaml")).isRegularFile();
        assertThat(map(spec, "sourceRef")).isEqualTo(Map.of("kind", "GitRepository", "name", name(source)));
        assertThat(map(source, "metadata").get("namespace")).isEqualTo(map(operator, "metadata").get("namespace"));
        assertThat(spec).containsEntry("wait", true).containsKey("timeout");
        // The CRD survives the Kustomization's deletion: pruning it would delete every gateway.
        assertThat(spec.get("patches").toString()).contains("litellmgateways.llmgw.io", "kustomize.toolkit.fluxcd.io/prune: disabled");
    }

    @Test
    void gatewayDependsOnTheOperatorAndIsHealthChecked() throws IOException {
        Map<String, Object> operator = documents(DIR.resolve("operator.yaml")).get(1);
        List<Map<String, Object>> docs = documents(DIR.resolve("gateway.yaml"));
        assertThat(docs).extracting(d -> d.get("apiVersion") + " " + d.get("kind")).containsExactly(KUSTOMIZATION + " Kustomization");
        Map<String, Object> spec = map(docs.get(0), "spec");

        assertThat(spec.get("dependsOn")).isEqualTo(List.of(Map.of("name", name(operator))));
        assertThat(spec.get("sourceRef")).isEqualTo(map(operator, "spec").get("sourceRef"));
        // Flux ignores healthChecks when wait is true.
        assertThat(spec).containsEntry("wait", false).containsKey("timeout");

        // What the path applies: the kustomization's gateway, in the kustomization's namespace.
        Path path = Path.of(((String) spec.get("path")).replaceFirst("^\\./", ""));
        Map<String, Object> kustomization = documents(path.resolve("kustomization.yaml")).get(0);
        List<Map<String, Object>> gateways = new ArrayList<>();
        for (Object resource : (List<?>) kustomization.get("resources")) {
            gateways.addAll(documents(path.resolve((String) resource).normalize()));
        }
        assertThat(gateways).singleElement().extracting(g -> g.get("kind")).isEqualTo("LiteLLMGateway");
        Map<String, Object> gateway = gateways.get(0);

        Map<String, Object> crd = documents(Path.of("deploy/crds/litellmgateways.llmgw.io-v1.yml")).get(0);
        String group = (String) map(crd, "spec").get("group");
        String storageVersion = ((List<?>) map(crd, "spec").get("versions")).stream().map(v -> (Map<?, ?>) v)
                .filter(v -> Boolean.TRUE.equals(v.get("storage"))).map(v -> (String) v.get("name")).findFirst().orElseThrow();

        assertThat(spec.get("healthChecks")).isEqualTo(List.of(Map.of(
                "apiVersion", group + "/" + storageVersion,
                "kind", "LiteLLMGateway",
                "name", name(gateway),
                "namespace", kustomization.get("namespace"))));
        assertThat(gateway.get("apiVersion")).isEqualTo(group + "/" + storageVersion);
    }

    @Test
    void headerExplainsWhyTheHealthCheckWorks() throws IOException {
        assertThat(Files.readString(DIR.resolve("gateway.yaml")))
                .contains("kstatus", "observedGeneration", "Reconciling", "Ready", "Stalled", "dependsOn");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(Files.readString(file))) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    static String name(Map<String, Object> object) {
        return (String) map(object, "metadata").get("name");
    }
}
