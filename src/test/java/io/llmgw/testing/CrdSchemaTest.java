package io.llmgw.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

class CrdSchemaTest {
    private static final CrdSchema BACKUPS = CrdSchema.load("scheduledbackups.postgresql.cnpg.io", "v1");

    private static GenericKubernetesResource scheduledBackup(Map<String, Object> spec) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion("postgresql.cnpg.io/v1");
        r.setKind("ScheduledBackup");
        r.setMetadata(new ObjectMetaBuilder().withName("x").withLabels(Map.of("anything", "goes")).build());
        r.setAdditionalProperty("spec", spec);
        return r;
    }

    @Test
    void acceptsAConformingObject() {
        assertThat(BACKUPS.problems(scheduledBackup(Map.of("schedule", "0 0 2 * * *", "cluster", Map.of("name", "db"))))).isEmpty();
    }

    @Test
    void reportsUnknownFieldsWithTheirPath() {
        assertThatThrownBy(() -> BACKUPS.assertValid(scheduledBackup(Map.of("schedule", "0 0 2 * * *",
                "cluster", Map.of("name", "db", "namespace", "other"), "retention", "7d"))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("scheduledbackups.postgresql.cnpg.io")
                .hasMessageContaining("spec.cluster.namespace: unknown field")
                .hasMessageContaining("spec.retention: unknown field");
    }

    @Test
    void reportsWrongTypesEnumValuesAndMissingRequiredFields() {
        List<String> problems = BACKUPS.problems(scheduledBackup(Map.of("cluster", Map.of("name", "db"), "immediate", "yes",
                "method", "pg_dump")));
        assertThat(problems).anyMatch(p -> p.startsWith("spec: required field schedule is missing"))
                .anyMatch(p -> p.startsWith("spec.immediate: expected boolean"))
                .anyMatch(p -> p.startsWith("spec.method: pg_dump is not one of"));
    }

    @Test
    void walksListsAndMaps() {
        CrdSchema clusters = CrdSchema.load("clusters.postgresql.cnpg.io", "v1");
        assertThat(clusters.hasPath("spec.bootstrap.initdb.postInitApplicationSQL")).isTrue();
        assertThat(clusters.hasPath("spec.externalClusters[].barmanObjectStore.destinationPath")).isTrue();
        assertThat(clusters.hasPath("spec.bootstrap.initdb.noSuchField")).isFalse();
        assertThat(clusters.problems(Map.of("apiVersion", "postgresql.cnpg.io/v1", "kind", "Cluster", "metadata", Map.of("name", "db"),
                "spec", Map.of("instances", 1, "postgresql", Map.of("parameters", Map.of("work_mem", "8MB"), "pg_hba", List.of(7))))))
                .containsExactly("spec.postgresql.pg_hba[0]: expected string, got Integer 7");
    }

    @Test
    void stopsAtPreservedUnknownFields() {
        // The project's own CRD keeps LiteLLM's free-form sections (x-kubernetes-preserve-unknown-fields).
        CrdSchema gateways = CrdSchema.load(Path.of("deploy/crds/litellmgateways.llmgw.io-v1.yml"), "v1alpha1");
        assertThat(gateways.hasPath("spec.mcpServers.anything.at.all")).isTrue();
        assertThat(gateways.problems(Map.of("apiVersion", "llmgw.io/v1alpha1", "kind", "LiteLLMGateway", "metadata", Map.of("name", "gw"),
                "spec", Map.of("models", List.of(Map.of("name", "m", "model", "openai/m")),
                        "mcpServers", Map.of("zapier", Map.of("url", "https://mcp.example", "nested", List.of(1, true)))))))
                .isEmpty();
        assertThat(gateways.problems(Map.of("apiVersion", "llmgw.io/v1alpha1", "kind", "LiteLLMGateway", "metadata", Map.of("name", "gw"),
                "spec", Map.of("models", List.of(Map.of("name", "m", "model", "openai/m", "bogus", 1))))))
                .singleElement().asString().startsWith("spec.models[0].bogus: unknown field (known here: [accessGroups,");
    }

    @Test
    void rootRequirementsAreChecked() {
        assertThat(CrdSchema.load("clusters.postgresql.cnpg.io", "v1").problems(Map.of("apiVersion", "postgresql.cnpg.io/v1", "kind", "Cluster",
                "spec", Map.of("instances", 1)))).containsExactly("<root>: required field metadata is missing");
    }

    @Test
    void knowsTheApiVersionKindAndWhetherTheVersionIsServed() {
        assertThat(BACKUPS.apiVersion()).isEqualTo("postgresql.cnpg.io/v1");
        assertThat(BACKUPS.kind()).isEqualTo("ScheduledBackup");
        assertThat(BACKUPS.served()).isTrue();
        CrdSchema grants = CrdSchema.load("referencegrants.gateway.networking.k8s.io", "v1beta1");
        assertThat(grants.apiVersion()).isEqualTo("gateway.networking.k8s.io/v1beta1");
        assertThat(grants.kind()).isEqualTo("ReferenceGrant");
        assertThat(grants.served()).isTrue();
    }

    @Test
    void reportsAnotherApiVersionOrKind() {
        GenericKubernetesResource backup = scheduledBackup(Map.of("schedule", "0 0 2 * * *", "cluster", Map.of("name", "db")));
        backup.setApiVersion("postgresql.cnpg.io/v2");
        backup.setKind("Backup");
        assertThat(BACKUPS.problems(backup)).containsExactlyInAnyOrder("apiVersion: postgresql.cnpg.io/v2 is not postgresql.cnpg.io/v1",
                "kind: Backup is not ScheduledBackup");
    }

    @Test
    void anUnservedVersionRefusesEveryObject(@TempDir Path dir) throws IOException {
        Path crd = Files.writeString(dir.resolve("widgets.yaml"), """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.example.io}
                spec:
                  group: example.io
                  names: {kind: Widget, plural: widgets}
                  scope: Namespaced
                  versions:
                    - {name: v1alpha1, served: false, storage: false, schema: {openAPIV3Schema: {type: object}}}
                    - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}
                """);
        CrdSchema old = CrdSchema.load(crd, "v1alpha1");
        assertThat(old.served()).isFalse();
        assertThat(old.problems(Map.of("apiVersion", "example.io/v1alpha1", "kind", "Widget", "metadata", Map.of("name", "w"))))
                .containsExactly("apiVersion: example.io/v1alpha1 is not served");
        CrdSchema current = CrdSchema.load(crd, "v1");
        assertThat(current.served()).isTrue();
        assertThat(current.problems(Map.of("apiVersion", "example.io/v1", "kind", "Widget", "metadata", Map.of("name", "w")))).isEmpty();
    }

    @Test
    void oneOfRequiredAlternativesMustMatchExactlyOne() {
        // Cilium: spec sets exactly one of endpointSelector and nodeSelector; a toFQDNs entry one of matchName and matchPattern.
        CrdSchema policies = CrdSchema.load("ciliumnetworkpolicies.cilium.io", "v2");
        Map<String, Object> selector = Map.of("matchLabels", Map.of("app", "litellm"));
        assertThat(policies.problems(ciliumPolicy(Map.of("endpointSelector", selector,
                "egress", List.of(Map.of("toFQDNs", List.of(Map.of("matchName", "api.openai.com")))))))).isEmpty();
        assertThat(policies.problems(ciliumPolicy(Map.of("endpointSelector", selector, "nodeSelector", selector))))
                .containsExactly("spec: matches 2 of the oneOf alternatives, not exactly one");
        assertThat(policies.problems(ciliumPolicy(Map.of("egress", List.of()))))
                .containsExactly("spec: matches 0 of the oneOf alternatives, not exactly one");
        assertThat(policies.problems(ciliumPolicy(Map.of("endpointSelector", selector,
                "egress", List.of(Map.of("toFQDNs", List.of(Map.of("matchName", "api.openai.com", "matchPattern", "*.openai.com"))))))))
                .containsExactly("spec.egress[0].toFQDNs[0]: matches 2 of the oneOf alternatives, not exactly one");
    }

    private static Map<String, Object> ciliumPolicy(Map<String, Object> spec) {
        return Map.of("apiVersion", "cilium.io/v2", "kind", "CiliumNetworkPolicy", "metadata", Map.of("name", "p"), "spec", spec);
    }

    @Test
    void checksMaxLengthAndNumericBounds() {
        CrdSchema routes = CrdSchema.load("httproutes.gateway.networking.k8s.io", "v1");
        Map<String, Object> backend = Map.of("name", "litellm", "port", 0, "weight", 1_000_001);
        assertThat(routes.problems(Map.of("apiVersion", "gateway.networking.k8s.io/v1", "kind", "HTTPRoute", "metadata", Map.of("name", "r"),
                "spec", Map.of("hostnames", List.of("a".repeat(254)), "rules", List.of(Map.of("backendRefs", List.of(backend)))))))
                .containsExactlyInAnyOrder("spec.hostnames[0]: longer than 253 characters",
                        "spec.rules[0].backendRefs[0].port: 0 out of [1, 65535]",
                        "spec.rules[0].backendRefs[0].weight: 1000001 out of [0, 1000000]");
    }

    @Test
    void intOrStringStringsAreCheckedAgainstTheirPattern() {
        // Quantities are int-or-string with a pattern: 512Mi and 1 pass, "lots" does not.
        assertThat(CrdSchema.load("clusters.postgresql.cnpg.io", "v1").problems(Map.of("apiVersion", "postgresql.cnpg.io/v1", "kind", "Cluster",
                "metadata", Map.of("name", "db"), "spec", Map.of("instances", 1,
                        "resources", Map.of("requests", Map.of("memory", "512Mi", "cpu", 1), "limits", Map.of("memory", "lots", "cpu", true))))))
                .satisfiesExactlyInAnyOrder(p -> assertThat(p).startsWith("spec.resources.limits.memory: lots does not match ^"),
                        p -> assertThat(p).isEqualTo("spec.resources.limits.cpu: expected an integer or a string, got Boolean true"));
    }

    @Test
    void unknownVersionOrFileFailsClearly() {
        assertThatThrownBy(() -> CrdSchema.load("clusters.postgresql.cnpg.io", "v9")).hasMessageContaining("serves no version v9");
        assertThatThrownBy(() -> CrdSchema.load("no-such.example.com", "v1")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("no-such.example.com.yaml does not exist").hasMessageContaining("run scripts/provision-crds.sh");
    }
}
