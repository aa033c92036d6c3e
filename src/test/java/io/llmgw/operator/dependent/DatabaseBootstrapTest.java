package io.llmgw.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.llmgw.TestGateways;

/** The Cluster's bootstrap and externalClusters for each way of starting the database, and the pgvector image. */
class DatabaseBootstrapTest {
    static final String MODEL = "models: [{name: a, model: openai/a, apiKey: {secretKeyRef: {name: openai, key: api-key}}}]\n"
            + "saltKeySecretRef: {name: old-gateway, key: LITELLM_SALT_KEY}\n";
    static final String BACKUP = """
            backup:
              destinationPath: s3://backups/gw
              endpointURL: http://s3.storage:9000
              s3Credentials:
                accessKeyId: {name: s3, key: id}
                secretAccessKey: {name: s3, key: secret}
            """;

    private static GenericKubernetesResource cluster(String spec) {
        return new DatabaseClusterDependent().desired(TestGateways.model(MODEL + spec));
    }

    @Test
    void importCopiesOneDatabaseFromTheOldServerAndLeavesThePasswordInItsSecret() {
        GenericKubernetesResource cluster = cluster("""
                database:
                  type: CloudNativePG
                  cloudNativePG:
                    bootstrap:
                      import:
                        host: old-db.legacy.svc
                        database: litellm_prod
                        user: litellm
                        passwordSecretRef: {name: old-db, key: password}
                """);

        assertThat((Object) cluster.get("spec", "bootstrap")).isEqualTo(Map.of("initdb", Map.of("database", "litellm", "owner", "litellm",
                "import", Map.of("type", "microservice", "databases", List.of("litellm_prod"), "source", Map.of("externalCluster", "origin")))));
        assertThat((Object) cluster.get("spec", "externalClusters")).isEqualTo(List.of(Map.of("name", "origin",
                "connectionParameters", Map.of("host", "old-db.legacy.svc", "port", "5432", "dbname", "litellm_prod", "user", "litellm",
                        "sslmode", "require"),
                "password", Map.of("name", "old-db", "key", "password"))));
    }

    @Test
    void importWithPgvectorCreatesTheExtensionAfterTheRestoreToo() {
        GenericKubernetesResource cluster = cluster("""
                database:
                  type: CloudNativePG
                  cloudNativePG:
                    pgvector: true
                    bootstrap:
                      import: {host: 10.0.0.5, port: 6432, database: litellm, user: reader, sslMode: verify-full,
                               passwordSecretRef: {name: old-db, key: password}}
                """);
        assertThat((Object) cluster.get("spec", "bootstrap", "initdb", "postInitApplicationSQL")).isEqualTo(List.of(DatabaseClusterDependent.PGVECTOR_SQL));
        assertThat((Object) cluster.get("spec", "bootstrap", "initdb", "import", "postImportApplicationSQL"))
                .isEqualTo(List.of(DatabaseClusterDependent.PGVECTOR_SQL));
        @SuppressWarnings("unchecked")
        Map<String, Object> origin = ((List<Map<String, Object>>) cluster.get("spec", "externalClusters")).get(0);
        assertThat(origin.get("connectionParameters")).isEqualTo(Map.of("host", "10.0.0.5", "port", "6432", "dbname", "litellm",
                "user", "reader", "sslmode", "verify-full"));
    }

    @Test
    void recoveryFromTheGatewaysOwnBackupsToAPointInTime() {
        GenericKubernetesResource cluster = cluster(BACKUP.replace("s3://backups/gw\n", "s3://backups/gw\n  serverName: gw-db-2\n") + """
                database:
                  type: CloudNativePG
                  cloudNativePG:
                    bootstrap:
                      recovery: {source: Self, targetTime: "2026-05-04T10:00:00Z"}
                """);

        assertThat((Object) cluster.get("spec", "bootstrap")).isEqualTo(Map.of("recovery", Map.of("source", "origin",
                "database", "litellm", "owner", "litellm", "recoveryTarget", Map.of("targetTime", "2026-05-04T10:00:00Z"))));
        assertThat((Object) cluster.get("spec", "externalClusters")).isEqualTo(List.of(Map.of("name", "origin",
                "barmanObjectStore", Map.of("destinationPath", "s3://backups/gw", "endpointURL", "http://s3.storage:9000",
                        "s3Credentials", Map.of("accessKeyId", Map.of("name", "s3", "key", "id"), "secretAccessKey", Map.of("name", "s3", "key", "secret")),
                        "serverName", "gw-db"))));
        // New backups go to another folder: CloudNativePG never archives into the one it restores from.
        assertThat((Object) cluster.get("spec", "backup", "barmanObjectStore", "serverName")).isEqualTo("gw-db-2");
        assertThat(Serialization.asYaml(cluster)).doesNotContain("initdb");
    }

    @Test
    void recoveryFromAnotherObjectStoreWithItsServerNameToTheEndOfTheArchive() {
        GenericKubernetesResource cluster = cluster("""
                database:
                  type: CloudNativePG
                  cloudNativePG:
                    bootstrap:
                      recovery:
                        source: ObjectStore
                        destinationPath: s3://old-bucket/litellm
                        serverName: litellm-pg
                        s3Credentials:
                          accessKeyId: {name: old-s3, key: id}
                          secretAccessKey: {name: old-s3, key: secret}
                          region: {name: old-s3, key: region}
                """);

        assertThat((Object) cluster.get("spec", "bootstrap", "recovery")).isEqualTo(Map.of("source", "origin", "database", "litellm", "owner", "litellm"));
        assertThat((Object) cluster.get("spec", "externalClusters")).isEqualTo(List.of(Map.of("name", "origin",
                "barmanObjectStore", Map.of("destinationPath", "s3://old-bucket/litellm",
                        "s3Credentials", Map.of("accessKeyId", Map.of("name", "old-s3", "key", "id"),
                                "secretAccessKey", Map.of("name", "old-s3", "key", "secret"), "region", Map.of("name", "old-s3", "key", "region")),
                        "serverName", "litellm-pg"))));
        assertThat(cluster.getAdditionalProperties().get("spec")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .doesNotContainKey("backup");
    }

    @Test
    void withoutBootstrapAnEmptyInitdbAndNoExternalCluster() {
        GenericKubernetesResource cluster = cluster("database: {type: CloudNativePG}\n");
        assertThat((Object) cluster.get("spec", "bootstrap")).isEqualTo(Map.of("initdb", Map.of("database", "litellm", "owner", "litellm")));
        assertThat((Object) cluster.get("spec", "externalClusters")).isNull();
    }

    @Test
    void pgvectorImageIsMountedAsAnImageVolumeExtensionAndTheSqlStillRuns() {
        GenericKubernetesResource cluster = cluster("""
                database:
                  type: CloudNativePG
                  cloudNativePG:
                    pgvector: true
                    pgvectorImage: ghcr.io/cloudnative-pg/pgvector:0.8.1-18-trixie
                    parameters: {max_connections: "100"}
                """);
        assertThat((Object) cluster.get("spec", "postgresql")).isEqualTo(Map.of("parameters", Map.of("max_connections", "100"),
                "extensions", List.of(Map.of("name", "pgvector", "image", Map.of("reference", "ghcr.io/cloudnative-pg/pgvector:0.8.1-18-trixie")))));
        assertThat((Object) cluster.get("spec", "bootstrap", "initdb", "postInitApplicationSQL")).isEqualTo(List.of(DatabaseClusterDependent.PGVECTOR_SQL));

        GenericKubernetesResource sqlOnly = cluster("database: {type: CloudNativePG, cloudNativePG: {pgvector: true}}\n");
        assertThat((Object) sqlOnly.get("spec", "postgresql")).isNull();
    }
}
