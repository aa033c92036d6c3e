package io.llmgw.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

class CrdSchemaTest {
    private static final CrdSchema BACKUPS = CrdSchema.load("cnpg-scheduledbackups.yaml", "v1");

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
                .hasMessageContaining("cnpg-scheduledbackups.yaml")
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
        CrdSchema clusters = CrdSchema.load("cnpg-clusters.yaml", "v1");
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
        assertThat(CrdSchema.load("cnpg-clusters.yaml", "v1").problems(Map.of("apiVersion", "postgresql.cnpg.io/v1", "kind", "Cluster",
                "spec", Map.of("instances", 1)))).containsExactly("<root>: required field metadata is missing");
    }

    @Test
    void unknownVersionOrFileFailsClearly() {
        assertThatThrownBy(() -> CrdSchema.load("cnpg-clusters.yaml", "v9")).hasMessageContaining("serves no version v9");
        assertThatThrownBy(() -> CrdSchema.load("no-such.yaml", "v1")).hasMessageContaining("does not exist");
    }
}
