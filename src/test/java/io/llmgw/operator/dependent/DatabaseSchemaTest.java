package io.llmgw.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.DatabaseSpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.testing.CrdSchema;

/** Every field the database dependents set exists in the upstream CRDs (CloudNativePG 1.30, Prometheus Operator 0.93). */
class DatabaseSchemaTest {
    static CrdSchema clusters;
    static CrdSchema scheduledBackups;
    static CrdSchema podMonitors;

    @BeforeAll
    static void load() {
        clusters = CrdSchema.load("clusters.postgresql.cnpg.io", "v1");
        scheduledBackups = CrdSchema.load("scheduledbackups.postgresql.cnpg.io", "v1");
        podMonitors = CrdSchema.load("podmonitors.monitoring.coreos.com", "v1");
    }

    @Test
    void productionClusterMatchesTheCnpgSchema() {
        LiteLLMGateway gateway = TestGateways.production();
        gateway.getSpec().database.deletionPolicy = DatabaseSpec.DELETE;
        clusters.assertValid(new DatabaseClusterDependent().desired(TestGateways.model(gateway)));
    }

    @Test
    void minimalClusterMatchesTheCnpgSchema() {
        clusters.assertValid(new DatabaseClusterDependent().desired(TestGateways.model(TestGateways.cnpg())));
    }

    @Test
    void imageCatalogClusterMatchesTheCnpgSchema() {
        LiteLLMGateway gateway = TestGateways.cnpg();
        gateway.getSpec().database.cloudNativePG = new DatabaseSpec.CloudNativePG();
        gateway.getSpec().database.cloudNativePG.imageCatalogRef = new DatabaseSpec.ImageCatalogRef();
        gateway.getSpec().database.cloudNativePG.imageCatalogRef.name = "postgresql-standard-trixie";
        gateway.getSpec().database.cloudNativePG.imageCatalogRef.major = 18;
        clusters.assertValid(new DatabaseClusterDependent().desired(TestGateways.model(gateway)));
    }

    @Test
    void everyWalCompressionTheApiAllowsMatchesTheCnpgSchema() {
        for (String algorithm : new String[] { "gzip", "bzip2", "snappy", "lz4", "xz", "zstd" }) {
            LiteLLMGateway gateway = TestGateways.withBackup(TestGateways.cnpg());
            gateway.getSpec().backup.walCompression = algorithm;
            assertThat(clusters.problems(new DatabaseClusterDependent().desired(TestGateways.model(gateway))))
                    .as("walCompression %s", algorithm).isEmpty();
        }
    }

    @Test
    void everyBootstrapFormMatchesTheCnpgSchema() {
        String base = "models: [{name: a, model: openai/a, apiKey: {secretKeyRef: {name: openai, key: api-key}}}]\n"
                + "saltKeySecretRef: {name: old, key: LITELLM_SALT_KEY}\n";
        String s3 = "s3Credentials: {accessKeyId: {name: s3, key: id}, secretAccessKey: {name: s3, key: secret}, region: {name: s3, key: r}}";
        for (String spec : new String[] {
                "database: {type: CloudNativePG, cloudNativePG: {pgvector: true, bootstrap: {import: {host: old-db, port: 6432, database: litellm,"
                        + " user: litellm, sslMode: verify-full, passwordSecretRef: {name: old-db, key: password}}}}}\n",
                "backup: {destinationPath: 's3://b/gw', serverName: gw-db-2, endpointURL: 'http://s3:9000', " + s3 + "}\n"
                        + "database: {type: CloudNativePG, cloudNativePG: {bootstrap: {recovery: {source: Self, targetTime: '2026-05-04T10:00:00Z'}}}}\n",
                "database: {type: CloudNativePG, cloudNativePG: {bootstrap: {recovery: {source: ObjectStore, destinationPath: 's3://old/x',"
                        + " endpointURL: 'http://s3:9000', serverName: old-db, " + s3 + "}}}}\n",
                "database: {type: CloudNativePG, cloudNativePG: {pgvector: true, pgvectorImage: 'ghcr.io/cloudnative-pg/pgvector:0.8.1-18-trixie',"
                        + " imageCatalogRef: {kind: ImageCatalog, name: pg, major: 18}, parameters: {max_connections: '50'}}}\n" }) {
            assertThat(clusters.problems(new DatabaseClusterDependent().desired(TestGateways.model(base + spec)))).as(spec).isEmpty();
        }
    }

    @Test
    void scheduledBackupMatchesTheCnpgSchema() {
        scheduledBackups.assertValid(new ScheduledBackupDependent().desired(TestGateways.model(TestGateways.production())));
    }

    @Test
    void podMonitorMatchesThePrometheusOperatorSchema() {
        podMonitors.assertValid(new DatabasePodMonitorDependent().desired(TestGateways.model(TestGateways.production())));
    }

    @Test
    void deprecatedPodMonitorSwitchIsNotUsed() {
        assertThat(clusters.hasPath("spec.monitoring.enablePodMonitor")).isTrue();
        assertThat(new DatabaseClusterDependent().desired(TestGateways.model(TestGateways.production())).getAdditionalProperties()
                .get("spec")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).doesNotContainKey("monitoring");
    }
}
