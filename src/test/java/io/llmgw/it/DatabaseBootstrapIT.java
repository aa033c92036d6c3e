package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.it.support.Await;
import io.llmgw.it.support.FakeKubelet;
import io.llmgw.it.support.Gateways;
import io.llmgw.it.support.ItEnvironment;
import io.llmgw.model.Names;

/**
 * Starting the managed database from existing data, on the real API server with the upstream CloudNativePG CRDs:
 * the Cluster the operator renders for an import, a recovery (own backups to a point in time, another object store),
 * an ImageVolume pgvector extension and an image catalog is accepted by CloudNativePG's schema; the migration Job
 * waits until CloudNativePG reports the Cluster ready (the bootstrap finished), with status saying why; the
 * bootstrap cannot be changed once set.
 */
class DatabaseBootstrapIT {
    static final String MODEL = "models: [{name: a, model: openai/gpt-4o-mini, apiKey: {secretKeyRef: {name: openai, key: api-key}}}]";
    static final String SALT = "saltKeySecretRef: {name: old-gateway, key: LITELLM_SALT_KEY}";
    static KubernetesClient client;
    static String ns;

    @BeforeAll
    static void namespace() {
        ItEnvironment env = ItEnvironment.get();
        client = env.client();
        ns = env.controlPlane().createNamespace("bootstrap");
        Gateways.providerSecret(client, ns, "openai", "api-key", "sk-test");
        Gateways.providerSecret(client, ns, "old-gateway", "LITELLM_SALT_KEY", "sk-salt-of-the-old-gateway");
        Gateways.providerSecret(client, ns, "old-db", "password", "old-db-password");
        client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName("s3").withNamespace(ns).endMetadata()
                .withStringData(Map.of("id", "AKIAFIXTURE", "secret", "fixture-secret")).build()).create();
    }

    static LiteLLMGateway create(String name, String spec) {
        return Gateways.create(client, ns, "apiVersion: llmgw.io/v1alpha1\nkind: LiteLLMGateway\nmetadata: {name: " + name + "}\nspec:\n  "
                + MODEL + "\n  " + SALT + "\n" + spec);
    }

    static GenericKubernetesResource cluster(String name) {
        return Await.until("CloudNativePG Cluster " + name + "-db accepted by the API server", Gateways.CONVERGE,
                () -> client.genericKubernetesResources("postgresql.cnpg.io/v1", "Cluster").inNamespace(ns).withName(name + "-db").get(),
                java.util.Objects::nonNull);
    }

    static List<?> migrationJobs(String gateway) {
        return client.batch().v1().jobs().inNamespace(ns).withLabel(Names.COMPONENT_LABEL, Names.MIGRATION)
                .withLabel("llmgw.io/gateway", gateway).list().getItems();
    }

    @Test
    void importRunsBeforeTheMigrationJob() {
        create("imported", """
                  database:
                    type: CloudNativePG
                    cloudNativePG:
                      pgvector: true
                      pgvectorImage: ghcr.io/cloudnative-pg/pgvector:0.8.1-18-trixie
                      imageCatalogRef: {kind: ClusterImageCatalog, name: postgresql-minimal-trixie, major: 18}
                      bootstrap:
                        import: {host: old-db.legacy.svc, database: litellm_prod, user: litellm, passwordSecretRef: {name: old-db, key: password}}
                """);
        GenericKubernetesResource cluster = cluster("imported");
        assertThat((Object) cluster.get("spec", "bootstrap", "initdb", "import", "type")).isEqualTo("microservice");
        assertThat((Object) cluster.get("spec", "bootstrap", "initdb", "import", "databases")).isEqualTo(List.of("litellm_prod"));
        assertThat((Object) cluster.get("spec", "bootstrap", "initdb", "import", "source")).isEqualTo(Map.of("externalCluster", "origin"));
        assertThat((Object) cluster.get("spec", "externalClusters")).isEqualTo(List.of(Map.of("name", "origin",
                "connectionParameters", Map.of("host", "old-db.legacy.svc", "port", "5432", "dbname", "litellm_prod", "user", "litellm",
                        "sslmode", "require"),
                "password", Map.of("name", "old-db", "key", "password"))));
        assertThat((Object) cluster.get("spec", "postgresql", "extensions")).isEqualTo(List.of(Map.of("name", "pgvector",
                "image", Map.of("reference", "ghcr.io/cloudnative-pg/pgvector:0.8.1-18-trixie"))));
        assertThat((Object) cluster.get("spec", "imageCatalogRef")).isEqualTo(Map.of("apiGroup", "postgresql.cnpg.io",
                "kind", "ClusterImageCatalog", "name", "postgresql-minimal-trixie", "major", 18));
        assertThat(io.fabric8.kubernetes.client.utils.Serialization.asYaml(cluster)).doesNotContain("old-db-password");

        // CloudNativePG creates the app Secret at once, then runs the import; the Cluster is not Ready meanwhile.
        FakeKubelet.createClusterAppSecret(client, ns, "imported-db");
        LiteLLMGateway waiting = Gateways.awaitCondition(client, ns, "imported", "DatabaseReady", "False", "Bootstrapping");
        System.out.println("while importing: " + Gateways.describe(waiting));
        assertThat(Gateways.condition(waiting, "DatabaseReady").orElseThrow().getMessage())
                .contains("import of database litellm_prod from old-db.legacy.svc:5432 as user litellm");
        assertThat(Gateways.is(waiting, "MigrationsComplete", "False", "WaitingForDatabase")).isTrue();
        Await.sleep(Duration.ofSeconds(3));
        assertThat(migrationJobs("imported")).as("no migration Job while the Cluster bootstraps").isEmpty();

        FakeKubelet.markClusterReady(client, ns, "imported-db");
        Await.until("the migration Job once the Cluster is ready", Gateways.CONVERGE, () -> !migrationJobs("imported").isEmpty());
        LiteLLMGateway ready = Gateways.awaitCondition(client, ns, "imported", "DatabaseReady", "True");
        assertThat(Gateways.is(ready, "MigrationsComplete", "False", "Running")).isTrue();
    }

    @Test
    void recoveryFromOwnBackupsToAPointInTimeAndFromAnotherStore() {
        create("restored", """
                  backup:
                    destinationPath: s3://backups/restored
                    serverName: restored-db-2
                    endpointURL: http://s3.storage:9000
                    s3Credentials: {accessKeyId: {name: s3, key: id}, secretAccessKey: {name: s3, key: secret}}
                  database:
                    type: CloudNativePG
                    cloudNativePG:
                      bootstrap:
                        recovery: {source: Self, targetTime: "2026-05-04T10:00:00Z"}
                """);
        GenericKubernetesResource own = cluster("restored");
        assertThat((Object) own.get("spec", "bootstrap", "recovery")).isEqualTo(Map.of("source", "origin", "database", "litellm",
                "owner", "litellm", "recoveryTarget", Map.of("targetTime", "2026-05-04T10:00:00Z")));
        assertThat((Object) own.get("spec", "externalClusters")).isEqualTo(List.of(Map.of("name", "origin",
                "barmanObjectStore", Map.of("destinationPath", "s3://backups/restored", "endpointURL", "http://s3.storage:9000",
                        "s3Credentials", Map.of("accessKeyId", Map.of("name", "s3", "key", "id"), "secretAccessKey", Map.of("name", "s3", "key", "secret")),
                        "serverName", "restored-db"))));
        assertThat((Object) own.get("spec", "backup", "barmanObjectStore", "serverName")).isEqualTo("restored-db-2");
        FakeKubelet.createClusterAppSecret(client, ns, "restored-db");
        LiteLLMGateway waiting = Gateways.awaitCondition(client, ns, "restored", "DatabaseReady", "False", "Bootstrapping");
        assertThat(Gateways.condition(waiting, "DatabaseReady").orElseThrow().getMessage())
                .contains("recovery from the backups of restored-db in s3://backups/restored to 2026-05-04T10:00:00Z");

        create("moved", """
                  database:
                    type: CloudNativePG
                    cloudNativePG:
                      bootstrap:
                        recovery:
                          source: ObjectStore
                          destinationPath: s3://old-bucket/litellm
                          serverName: litellm-pg
                          s3Credentials: {accessKeyId: {name: s3, key: id}, secretAccessKey: {name: s3, key: secret}}
                """);
        GenericKubernetesResource other = cluster("moved");
        assertThat((Object) other.get("spec", "bootstrap", "recovery", "source")).isEqualTo("origin");
        assertThat((Object) other.get("spec", "externalClusters", 0, "barmanObjectStore", "serverName")).isEqualTo("litellm-pg");
        assertThat((Object) other.get("spec", "externalClusters", 0, "barmanObjectStore", "destinationPath")).isEqualTo("s3://old-bucket/litellm");
    }

    @Test
    void theBootstrapCannotBeChangedOnceSetButCanBeRemoved() {
        create("fixed", """
                  database:
                    type: CloudNativePG
                    cloudNativePG:
                      bootstrap:
                        import: {host: old-db.legacy.svc, database: litellm, user: litellm, passwordSecretRef: {name: old-db, key: password}}
                """);
        KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class, () -> Gateways.edit(client, ns, "fixed", g -> {
            g.getSpec().database.cloudNativePG.bootstrap.importFrom.host = "other-db.legacy.svc";
            return g;
        }));
        assertThat(e).as("changing the bootstrap must be refused").isNotNull();
        System.out.println("refused bootstrap change: " + e.getStatus().getMessage());
        assertThat(e.getCode()).isEqualTo(422);
        assertThat(e.getStatus().getMessage()).contains("bootstrap cannot be changed once set");

        LiteLLMGateway removed = Gateways.edit(client, ns, "fixed", g -> {
            g.getSpec().database.cloudNativePG.bootstrap = null;
            return g;
        });
        assertThat(removed.getSpec().database.cloudNativePG.bootstrap).isNull();
    }
}
