package io.llmgw.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.DatabaseSpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.Defaults;
import io.llmgw.model.Names;

class DatabaseClusterDependentTest {
    private final DatabaseClusterDependent dependent = new DatabaseClusterDependent();

    private GenericKubernetesResource desired(LiteLLMGateway gateway) {
        return dependent.desired(TestGateways.model(gateway));
    }

    @Test
    void minimalCluster() {
        GenericKubernetesResource cluster = desired(TestGateways.cnpg());

        assertThat(cluster.getApiVersion()).isEqualTo("postgresql.cnpg.io/v1");
        assertThat(cluster.getKind()).isEqualTo("Cluster");
        assertThat(cluster.getMetadata().getName()).isEqualTo("gw-db");
        assertThat(cluster.getMetadata().getNamespace()).isEqualTo("ai-system");
        assertThat(cluster.getMetadata().getLabels()).containsEntry(Names.COMPONENT_LABEL, Names.DATABASE)
                .containsEntry("app.kubernetes.io/managed-by", Names.MANAGED_BY);
        assertThat((Object) cluster.get("spec", "instances")).isEqualTo(1);
        assertThat((Object) cluster.get("spec", "imageName")).isEqualTo(Defaults.POSTGRES_IMAGE);
        assertThat((Object) cluster.get("spec", "storage")).isEqualTo(Map.of("size", "10Gi"));
        assertThat((Object) cluster.get("spec", "bootstrap", "initdb")).isEqualTo(Map.of("database", "litellm", "owner", "litellm"));
        assertThat(spec(cluster)).doesNotContainKeys("affinity", "backup", "monitoring", "imageCatalogRef", "resources",
                "postgresql", "priorityClassName");
    }

    @Test
    void appSecretIsTheOneTheProxyReads() {
        var model = TestGateways.model(TestGateways.cnpg());
        GenericKubernetesResource cluster = dependent.desired(model);
        // CNPG names the application Secret <cluster>-app and fills key uri for the initdb owner and database.
        assertThat(model.names().databaseAppSecret()).isEqualTo(cluster.getMetadata().getName() + "-app");
        assertThat(model.proxyEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("DATABASE_URL");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("gw-db-app");
            assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("uri");
        });
    }

    @Test
    void retainedByDefaultNoOwnerReference() {
        assertThat(desired(TestGateways.cnpg()).getMetadata().getOwnerReferences()).isNullOrEmpty();
        LiteLLMGateway retain = TestGateways.cnpg();
        retain.getSpec().database.deletionPolicy = DatabaseSpec.RETAIN;
        assertThat(desired(retain).getMetadata().getOwnerReferences()).isNullOrEmpty();
    }

    @Test
    void ownedByTheGatewayOnlyWithDeletionPolicyDelete() {
        LiteLLMGateway gateway = TestGateways.cnpg();
        gateway.getSpec().database.deletionPolicy = DatabaseSpec.DELETE;
        assertThat(desired(gateway).getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getApiVersion()).isEqualTo("llmgw.io/v1alpha1");
            assertThat(o.getKind()).isEqualTo("LiteLLMGateway");
            assertThat(o.getName()).isEqualTo("gw");
            assertThat(o.getUid()).isEqualTo(TestGateways.UID);
        });
    }

    @Test
    void neverDeletedByTheOperator() {
        assertThat(dependent).isInstanceOf(Creator.class).isInstanceOf(Updater.class)
                .isNotInstanceOf(GarbageCollected.class).isNotInstanceOf(Deleter.class);
        assertThat(dependent.addOwnerReference()).isFalse();
        assertThat(dependent.isDeletable()).isFalse();
    }

    @Test
    void productionSettings() {
        GenericKubernetesResource cluster = desired(TestGateways.production());

        assertThat((Object) cluster.get("spec", "instances")).isEqualTo(3);
        assertThat((Object) cluster.get("spec", "storage")).isEqualTo(Map.of("size", "20Gi", "storageClass", "local-path"));
        assertThat((Object) cluster.get("spec", "resources", "requests")).isEqualTo(Map.of("cpu", "250m", "memory", "512Mi"));
        assertThat((Object) cluster.get("spec", "resources", "limits")).isEqualTo(Map.of("cpu", "1", "memory", "1Gi"));
        assertThat((Object) cluster.get("spec", "postgresql", "parameters"))
                .isEqualTo(Map.of("max_connections", "100", "shared_buffers", "256MB"));
        assertThat((Object) cluster.get("spec", "priorityClassName")).isEqualTo("database-critical");
    }

    @Test
    void pgvectorCreatesTheExtensionInTheAppDatabase() {
        assertThat((Object) desired(TestGateways.production()).get("spec", "bootstrap", "initdb", "postInitApplicationSQL"))
                .isEqualTo(List.of("CREATE EXTENSION IF NOT EXISTS vector"));
        LiteLLMGateway off = TestGateways.cnpg();
        off.getSpec().database.cloudNativePG = new DatabaseSpec.CloudNativePG();
        off.getSpec().database.cloudNativePG.pgvector = false;
        assertThat((Object) desired(off).get("spec", "bootstrap", "initdb", "postInitApplicationSQL")).isNull();
    }

    @Test
    void antiAffinityOnlyWithSeveralInstances() {
        assertThat((Object) desired(TestGateways.production()).get("spec", "affinity")).isEqualTo(Map.of(
                "enablePodAntiAffinity", true, "topologyKey", "kubernetes.io/hostname", "podAntiAffinityType", "preferred"));
        LiteLLMGateway one = TestGateways.cnpg();
        one.getSpec().database.cloudNativePG = new DatabaseSpec.CloudNativePG();
        one.getSpec().database.cloudNativePG.instances = 1;
        assertThat((Object) desired(one).get("spec", "affinity")).isNull();
    }

    @Test
    void imageCatalogInsteadOfImageName() {
        LiteLLMGateway gateway = TestGateways.cnpg();
        gateway.getSpec().database.cloudNativePG = new DatabaseSpec.CloudNativePG();
        gateway.getSpec().database.cloudNativePG.imageCatalogRef = new DatabaseSpec.ImageCatalogRef();
        gateway.getSpec().database.cloudNativePG.imageCatalogRef.name = "postgresql-standard-trixie";
        gateway.getSpec().database.cloudNativePG.imageCatalogRef.major = 18;
        GenericKubernetesResource cluster = desired(gateway);

        assertThat((Object) cluster.get("spec", "imageCatalogRef")).isEqualTo(Map.of("apiGroup", "postgresql.cnpg.io",
                "kind", "ClusterImageCatalog", "name", "postgresql-standard-trixie", "major", 18));
        assertThat(spec(cluster)).doesNotContainKey("imageName");
    }

    @Test
    void userImageName() {
        LiteLLMGateway gateway = TestGateways.cnpg();
        gateway.getSpec().database.cloudNativePG = new DatabaseSpec.CloudNativePG();
        gateway.getSpec().database.cloudNativePG.imageName = "ghcr.io/cloudnative-pg/postgresql:18.1-standard-trixie";
        assertThat((Object) desired(gateway).get("spec", "imageName")).isEqualTo("ghcr.io/cloudnative-pg/postgresql:18.1-standard-trixie");
    }

    @Test
    void backupSectionOnlyWithBackup() {
        assertThat(spec(desired(TestGateways.cnpg()))).doesNotContainKey("backup");

        GenericKubernetesResource cluster = desired(TestGateways.production());
        assertThat((Object) cluster.get("spec", "backup", "retentionPolicy")).isEqualTo("7d");
        assertThat((Object) cluster.get("spec", "backup", "barmanObjectStore", "destinationPath")).isEqualTo("s3://litellm-backups/gw");
        assertThat((Object) cluster.get("spec", "backup", "barmanObjectStore", "endpointURL"))
                .isEqualTo("http://rustfs.storage.svc.cluster.local:9000");
        assertThat((Object) cluster.get("spec", "backup", "barmanObjectStore", "s3Credentials")).isEqualTo(Map.of(
                "accessKeyId", Map.of("name", "rustfs-backup", "key", "ACCESS_KEY_ID"),
                "secretAccessKey", Map.of("name", "rustfs-backup", "key", "ACCESS_SECRET_KEY"),
                "region", Map.of("name", "rustfs-backup", "key", "REGION")));
        assertThat((Object) cluster.get("spec", "backup", "barmanObjectStore", "wal")).isEqualTo(Map.of("compression", "gzip"));
        assertThat((Object) cluster.get("spec", "backup", "barmanObjectStore", "data")).isEqualTo(Map.of("compression", "gzip"));
    }

    @Test
    void backupWithoutRegionOrEndpoint() {
        LiteLLMGateway gateway = TestGateways.withBackup(TestGateways.cnpg());
        gateway.getSpec().backup.endpointURL = null;
        gateway.getSpec().backup.retentionPolicy = "4w";
        GenericKubernetesResource cluster = desired(gateway);
        assertThat((Object) cluster.get("spec", "backup", "retentionPolicy")).isEqualTo("4w");
        assertThat((Map<String, Object>) cluster.get("spec", "backup", "barmanObjectStore")).doesNotContainKey("endpointURL");
        assertThat((Map<String, Object>) cluster.get("spec", "backup", "barmanObjectStore", "s3Credentials")).doesNotContainKey("region");
    }

    @Test
    void dataCompressionFallsBackWhereCnpgDoesNotOfferTheWalAlgorithm() {
        LiteLLMGateway zstd = TestGateways.withBackup(TestGateways.cnpg());
        zstd.getSpec().backup.walCompression = "zstd";
        GenericKubernetesResource cluster = desired(zstd);
        assertThat((Object) cluster.get("spec", "backup", "barmanObjectStore", "wal", "compression")).isEqualTo("zstd");
        assertThat((Object) cluster.get("spec", "backup", "barmanObjectStore", "data", "compression")).isEqualTo("gzip");

        LiteLLMGateway lz4 = TestGateways.withBackup(TestGateways.cnpg());
        lz4.getSpec().backup.walCompression = "lz4";
        assertThat((Object) desired(lz4).get("spec", "backup", "barmanObjectStore", "data", "compression")).isEqualTo("lz4");
    }

    @Test
    void enabledOnlyForCloudNativePG() {
        assertThat(dependent.enabled(TestGateways.model(TestGateways.cnpg()))).isTrue();
        assertThat(dependent.enabled(TestGateways.model(TestGateways.minimal()))).isFalse();
        LiteLLMGateway external = TestGateways.minimal();
        external.getSpec().database = new DatabaseSpec();
        external.getSpec().database.type = DatabaseSpec.EXTERNAL;
        external.getSpec().database.external = new DatabaseSpec.External();
        external.getSpec().database.external.urlSecretRef = new io.llmgw.api.v1alpha1.SecretKeyRef("pg", "url");
        assertThat(dependent.enabled(TestGateways.model(external))).isFalse();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }
}
