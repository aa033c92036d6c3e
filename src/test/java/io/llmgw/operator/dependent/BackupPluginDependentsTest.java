package io.llmgw.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.BackupSpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;
import io.llmgw.operator.state.PreUpgradeBackup;
import io.llmgw.testing.CrdSchema;

/**
 * Backups through the Barman Cloud plugin (ObjectStore, the Cluster's plugins, ScheduledBackup method plugin) and the
 * pre-upgrade Backup, checked field by field and against the upstream CRDs (CloudNativePG 1.30, plugin-barman-cloud 0.15).
 */
class BackupPluginDependentsTest {
    static CrdSchema objectStores;
    static CrdSchema clusters;
    static CrdSchema scheduledBackups;
    static CrdSchema backups;

    @BeforeAll
    static void load() {
        objectStores = CrdSchema.load("objectstores.barmancloud.cnpg.io", "v1");
        clusters = CrdSchema.load("clusters.postgresql.cnpg.io", "v1");
        scheduledBackups = CrdSchema.load("scheduledbackups.postgresql.cnpg.io", "v1");
        backups = CrdSchema.load("backups.postgresql.cnpg.io", "v1");
    }

    static GatewayModel plugin() {
        LiteLLMGateway gateway = TestGateways.withBackup(TestGateways.cnpg());
        gateway.getSpec().backup.method = BackupSpec.BARMAN_CLOUD_PLUGIN;
        gateway.getSpec().backup.walCompression = "zstd";
        gateway.getSpec().backup.retentionPolicy = "30d";
        return TestGateways.model(gateway);
    }

    @Test
    void objectStoreCarriesTheStoreCredentialsCompressionAndRetention() {
        var store = new ObjectStoreDependent().desired(plugin());
        assertThat(store.getApiVersion()).isEqualTo("barmancloud.cnpg.io/v1");
        assertThat(store.getKind()).isEqualTo("ObjectStore");
        assertThat(store.getMetadata().getName()).isEqualTo("gw-db-store");
        assertThat((Object) store.get("spec", "retentionPolicy")).isEqualTo("30d");
        assertThat((Object) store.get("spec", "configuration")).isEqualTo(Map.of(
                "destinationPath", "s3://litellm-backups/gw",
                "endpointURL", "http://rustfs.storage.svc.cluster.local:9000",
                "s3Credentials", Map.of("accessKeyId", Map.of("name", "rustfs-backup", "key", "ACCESS_KEY_ID"),
                        "secretAccessKey", Map.of("name", "rustfs-backup", "key", "ACCESS_SECRET_KEY")),
                "wal", Map.of("compression", "zstd"),
                // zstd is a WAL-only algorithm: base backups fall back to gzip.
                "data", Map.of("compression", "gzip")));
        assertThat((Object) store.get("spec", "configuration", "serverName")).as("the plugin refuses serverName here").isNull();
        objectStores.assertValid(store);
    }

    @Test
    void objectStoreOnlyWithThePluginMethod() {
        assertThat(new ObjectStoreDependent().enabled(plugin())).isTrue();
        assertThat(new ObjectStoreDependent().enabled(TestGateways.model(TestGateways.withBackup(TestGateways.cnpg())))).isFalse();
        assertThat(new ObjectStoreDependent().enabled(TestGateways.model(TestGateways.cnpg()))).isFalse();
    }

    @Test
    void clusterArchivesThroughThePluginAndHasNoInTreeStore() {
        var cluster = new DatabaseClusterDependent().desired(plugin());
        assertThat((Object) cluster.get("spec", "backup")).isNull();
        assertThat((Object) cluster.get("spec", "plugins")).isEqualTo(List.of(Map.of(
                "name", "barman-cloud.cloudnative-pg.io",
                "enabled", true,
                "isWALArchiver", true,
                "parameters", Map.of("barmanObjectName", "gw-db-store"))));
        clusters.assertValid(cluster);
    }

    @Test
    void aServerNameIsThePluginsParameterOrTheInTreeStoresField() {
        LiteLLMGateway gateway = TestGateways.withBackup(TestGateways.cnpg());
        gateway.getSpec().backup.serverName = "gw-db-2";
        var inTree = new DatabaseClusterDependent().desired(TestGateways.model(gateway));
        assertThat((Object) inTree.get("spec", "backup", "barmanObjectStore", "serverName")).isEqualTo("gw-db-2");
        clusters.assertValid(inTree);

        gateway.getSpec().backup.method = BackupSpec.BARMAN_CLOUD_PLUGIN;
        GatewayModel model = TestGateways.model(gateway);
        var cluster = new DatabaseClusterDependent().desired(model);
        assertThat((Object) cluster.get("spec", "plugins")).isEqualTo(List.of(Map.of(
                "name", "barman-cloud.cloudnative-pg.io",
                "enabled", true,
                "isWALArchiver", true,
                "parameters", Map.of("barmanObjectName", "gw-db-store", "serverName", "gw-db-2"))));
        clusters.assertValid(cluster);
        var store = new ObjectStoreDependent().desired(model);
        assertThat((Object) store.get("spec", "configuration", "serverName")).as("the plugin refuses serverName here").isNull();
    }

    @Test
    void inTreeMethodStaysTheDefault() {
        var cluster = new DatabaseClusterDependent().desired(TestGateways.model(TestGateways.withBackup(TestGateways.cnpg())));
        assertThat((Object) cluster.get("spec", "plugins")).isNull();
        assertThat((Object) cluster.get("spec", "backup", "barmanObjectStore", "destinationPath")).isEqualTo("s3://litellm-backups/gw");
    }

    @Test
    void scheduledBackupUsesThePlugin() {
        var scheduled = new ScheduledBackupDependent().desired(plugin());
        assertThat((Object) scheduled.get("spec", "method")).isEqualTo("plugin");
        assertThat((Object) scheduled.get("spec", "pluginConfiguration")).isEqualTo(Map.of("name", "barman-cloud.cloudnative-pg.io"));
        scheduledBackups.assertValid(scheduled);
    }

    @Test
    void preUpgradeBackupIsNamedForTheTargetImageAndUsesTheSpecMethod() {
        GatewayModel model = plugin();
        var backup = new PreUpgradeBackupDependent().desired(model);
        assertThat(backup.getKind()).isEqualTo("Backup");
        assertThat(backup.getMetadata().getName()).isEqualTo(PreUpgradeBackup.backupName(model)).matches("gw-db-pre-upgrade-[0-9a-f]{8}");
        assertThat((Object) backup.get("spec")).isEqualTo(Map.of("cluster", Map.of("name", "gw-db"), "method", "plugin",
                "pluginConfiguration", Map.of("name", "barman-cloud.cloudnative-pg.io")));
        backups.assertValid(backup);

        var inTree = new PreUpgradeBackupDependent().desired(TestGateways.model(TestGateways.withBackup(TestGateways.cnpg())));
        assertThat((Object) inTree.get("spec")).isEqualTo(Map.of("cluster", Map.of("name", "gw-db"), "method", "barmanObjectStore"));
        backups.assertValid(inTree);
    }

    @Test
    void preUpgradeBackupNameChangesWithTheImageOnly() {
        LiteLLMGateway gateway = TestGateways.withBackup(TestGateways.cnpg());
        String before = PreUpgradeBackup.backupName(TestGateways.model(gateway));
        gateway.getSpec().replicas = 3;
        assertThat(PreUpgradeBackup.backupName(TestGateways.model(gateway))).isEqualTo(before);
        gateway.getSpec().image = io.fabric8.kubernetes.client.utils.Serialization.unmarshal("tag: 1.108.8", io.llmgw.api.v1alpha1.ImageSpec.class);
        assertThat(PreUpgradeBackup.backupName(TestGateways.model(gateway))).isNotEqualTo(before);
    }

    @Test
    void preUpgradeBackupIsCreateOnly() {
        PreUpgradeBackupDependent dependent = new PreUpgradeBackupDependent();
        assertThat(dependent).isNotInstanceOf(Updater.class).isInstanceOf(KubernetesDependentResource.class);
        assertThat(dependent).isNotInstanceOf(io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter.class);
    }
}
