package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.llmgw.api.v1alpha1.ImageSpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.it.support.Await;
import io.llmgw.it.support.FakeKubelet;
import io.llmgw.it.support.Gateways;
import io.llmgw.it.support.ItEnvironment;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Names;
import io.llmgw.model.SecretLookup;
import io.llmgw.operator.state.PreUpgradeBackup;
import io.llmgw.operator.state.Readiness;

/**
 * Backups on the real API server with the real CloudNativePG 1.30 and Barman Cloud plugin 0.15 CRDs, the operator
 * running with the RBAC of deploy/operator (Backups: create only): the plugin's ObjectStore and the Cluster naming it
 * are accepted by the upstream schemas; an image change creates the pre-upgrade Backup and the migration Job only
 * once the test, playing CloudNativePG, reports it completed; a failed one stalls the gateway; the Cluster's and the
 * ObjectStore's backup status show in BackupHealthy and status.backup while Ready stays about serving.
 */
class BackupIT {
    static final String NEXT_TAG = "1.108.8";
    static KubernetesClient client;
    static String ns;

    @BeforeAll
    static void namespace() {
        ItEnvironment env = ItEnvironment.get();
        client = env.client();
        env.operator();
        ns = env.controlPlane().createNamespace("backup");
        Gateways.providerSecret(client, ns, "openai", "api-key", "sk-test");
        client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName("s3").withNamespace(ns).endMetadata()
                .withStringData(Map.of("id", "minio", "secret", "minio-secret")).build()).create();
    }

    static LiteLLMGateway create(String name, String method) {
        return Gateways.create(client, ns, """
                apiVersion: llmgw.io/v1alpha1
                kind: LiteLLMGateway
                metadata: {name: %s}
                spec:
                  models: [{name: a, model: openai/gpt-4o-mini, apiKey: {secretKeyRef: {name: openai, key: api-key}}}]
                  database: {type: CloudNativePG, deletionPolicy: Delete}
                  backup:
                    method: %s
                    destinationPath: s3://backups/%s
                    endpointURL: http://s3.storage.svc:9000
                    s3Credentials:
                      accessKeyId: {name: s3, key: id}
                      secretAccessKey: {name: s3, key: secret}
                """.formatted(name, method, name));
    }

    /** Plays CloudNativePG, the Job controller and the kubelet until the gateway is Ready. */
    static LiteLLMGateway driveToReady(String name) {
        String cluster = name + "-db";
        Await.until(name + " Ready", Gateways.CONVERGE, () -> {
            GenericKubernetesResource db = client.genericKubernetesResources("postgresql.cnpg.io/v1", "Cluster").inNamespace(ns).withName(cluster).get();
            if (db != null && !Readiness.clusterReady(db)) {
                FakeKubelet.createClusterAppSecret(client, ns, cluster);
                FakeKubelet.markClusterReady(client, ns, cluster);
            }
            migrationJobs(name).stream().filter(j -> j.getStatus() == null || j.getStatus().getConditions() == null
                    || j.getStatus().getConditions().isEmpty()).forEach(j -> FakeKubelet.markJobComplete(client, ns, j.getMetadata().getName()));
            var d = client.apps().deployments().inNamespace(ns).withName(name).get();
            if (d != null && (d.getStatus() == null || d.getStatus().getObservedGeneration() == null
                    || d.getStatus().getObservedGeneration() < d.getMetadata().getGeneration())) {
                FakeKubelet.markDeploymentAvailable(client, ns, name);
            }
            return Gateways.is(Gateways.gateway(client, ns, name).get(), "Ready", "True");
        });
        return Gateways.gateway(client, ns, name).get();
    }

    static List<Job> migrationJobs(String gateway) {
        return client.batch().v1().jobs().inNamespace(ns).withLabel(Names.GATEWAY_LABEL, gateway).withLabel(Names.COMPONENT_LABEL, Names.MIGRATION)
                .list().getItems();
    }

    static GenericKubernetesResource backup(String name) {
        return client.genericKubernetesResources("postgresql.cnpg.io/v1", "Backup").inNamespace(ns).withName(name).get();
    }

    /** Changes the LiteLLM image; returns the name of the Backup the operator must take first. */
    static String upgrade(String name) {
        LiteLLMGateway edited = Gateways.edit(client, ns, name, gw -> {
            gw.getSpec().image = new ImageSpec();
            gw.getSpec().image.tag = NEXT_TAG;
            return gw;
        });
        GatewayModel model = GatewayModel.build(edited, SecretLookup.offline()).model();
        return PreUpgradeBackup.backupName(model);
    }

    @Test
    void pluginObjectStoreAndAnUpgradeThatWaitsForItsBackup() {
        LiteLLMGateway gateway = create("plug", "BarmanCloudPlugin");

        GenericKubernetesResource store = Await.until("ObjectStore plug-db-store", Gateways.CONVERGE,
                () -> client.genericKubernetesResources("barmancloud.cnpg.io/v1", "ObjectStore").inNamespace(ns).withName("plug-db-store").get(),
                s -> s != null);
        assertThat((Object) store.get("spec", "configuration", "destinationPath")).isEqualTo("s3://backups/plug");
        GenericKubernetesResource cluster = Await.until("Cluster plug-db", Gateways.CONVERGE,
                () -> client.genericKubernetesResources("postgresql.cnpg.io/v1", "Cluster").inNamespace(ns).withName("plug-db").get(),
                c -> c != null);
        assertThat((Object) cluster.get("spec", "plugins")).isEqualTo(List.of(Map.of("name", "barman-cloud.cloudnative-pg.io",
                "enabled", true,
                "isWALArchiver", true, "parameters", Map.of("barmanObjectName", "plug-db-store"))));
        assertThat((Object) cluster.get("spec", "backup")).isNull();

        driveToReady("plug");
        assertThat(client.genericKubernetesResources("postgresql.cnpg.io/v1", "Backup").inNamespace(ns).list().getItems())
                .as("no pre-upgrade Backup on a first install").noneMatch(b -> b.getMetadata().getName().startsWith("plug-db-pre-upgrade-"));
        GenericKubernetesResource scheduled = Await.until("ScheduledBackup plug-db-backup", Gateways.CONVERGE,
                () -> client.genericKubernetesResources("postgresql.cnpg.io/v1", "ScheduledBackup").inNamespace(ns).withName("plug-db-backup").get(),
                s -> s != null);
        assertThat((Object) scheduled.get("spec", "method")).isEqualTo("plugin");
        List<String> jobsBefore = migrationJobs("plug").stream().map(j -> j.getMetadata().getName()).toList();
        assertThat(jobsBefore).hasSize(1);

        String backupName = upgrade("plug");
        GenericKubernetesResource backup = Await.until("pre-upgrade Backup " + backupName, Gateways.CONVERGE, () -> backup(backupName),
                b -> b != null);
        assertThat((Object) backup.get("spec")).isEqualTo(Map.of("cluster", Map.of("name", "plug-db"), "method", "plugin",
                "pluginConfiguration", Map.of("name", "barman-cloud.cloudnative-pg.io")));
        assertThat(backup.getMetadata().getOwnerReferences()).anyMatch(o -> o.getUid().equals(gateway.getMetadata().getUid()));
        Gateways.awaitCondition(client, ns, "plug", "MigrationsComplete", "False", "BackingUpBeforeUpgrade");
        FakeKubelet.markBackupPhase(client, ns, backupName, "running", null);
        Await.sleep(Duration.ofSeconds(3));
        assertThat(migrationJobs("plug")).as("no migration Job while the Backup runs").extracting(j -> j.getMetadata().getName())
                .containsExactlyElementsOf(jobsBefore);
        assertThat(client.apps().deployments().inNamespace(ns).withName("plug").get().getSpec().getTemplate().getSpec().getContainers().get(0)
                .getImage()).as("the old pods keep serving").doesNotEndWith(NEXT_TAG);

        FakeKubelet.markBackupPhase(client, ns, backupName, "completed", null);
        Await.until("the new image's migration Job", Gateways.CONVERGE, () -> migrationJobs("plug").size() == 2);
        LiteLLMGateway upgraded = driveToReady("plug");
        assertThat(upgraded.getStatus().image).endsWith(":" + NEXT_TAG);
        assertThat(client.apps().deployments().inNamespace(ns).withName("plug").get().getSpec().getTemplate().getSpec().getContainers().get(0)
                .getImage()).endsWith(":" + NEXT_TAG);

        // The plugin leaves the Cluster's backup times empty: they come from the ObjectStore.
        Instant last = Instant.now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        FakeKubelet.reportClusterBackups(client, ns, "plug-db", null, true, "");
        FakeKubelet.reportObjectStoreWindow(client, ns, "plug-db-store", "plug-db", last);
        // An ObjectStore status change is an event of its informer: no change to the gateway needed.
        LiteLLMGateway healthy = Gateways.awaitCondition(client, ns, "plug", "BackupHealthy", "True", "Healthy");
        assertThat(healthy.getStatus().backup.method).isEqualTo("BarmanCloudPlugin");
        assertThat(healthy.getStatus().backup.lastSuccessfulBackup).isEqualTo(last.toString());
        assertThat(healthy.getStatus().backup.walArchiving).isEqualTo("Working");
    }

    @Test
    void aFailedPreUpgradeBackupStallsTheUpgradeUntilItIsDeleted() {
        create("intree", "BarmanObjectStore");
        GenericKubernetesResource cluster = Await.until("Cluster intree-db", Gateways.CONVERGE,
                () -> client.genericKubernetesResources("postgresql.cnpg.io/v1", "Cluster").inNamespace(ns).withName("intree-db").get(),
                c -> c != null);
        assertThat((Object) cluster.get("spec", "backup", "barmanObjectStore", "destinationPath")).isEqualTo("s3://backups/intree");
        driveToReady("intree");
        int jobs = migrationJobs("intree").size();

        String backupName = upgrade("intree");
        GenericKubernetesResource first = Await.until("pre-upgrade Backup " + backupName, Gateways.CONVERGE, () -> backup(backupName),
                b -> b != null);
        assertThat((Object) first.get("spec", "method")).isEqualTo("barmanObjectStore");
        FakeKubelet.markBackupPhase(client, ns, backupName, "failed", "can't upload: no such bucket");
        LiteLLMGateway stalled = Gateways.awaitCondition(client, ns, "intree", "Stalled", "True", "PreUpgradeBackupFailed");
        assertThat(Gateways.condition(stalled, "Stalled").orElseThrow().getMessage()).contains("no such bucket", "kubectl delete backup " + backupName,
                "beforeUpgrade: false");
        assertThat(migrationJobs("intree")).hasSize(jobs);

        // The way out the message names: delete the Backup, and the operator takes a new one.
        client.genericKubernetesResources("postgresql.cnpg.io/v1", "Backup").inNamespace(ns).withName(backupName).delete();
        GenericKubernetesResource retry = Await.until("a new pre-upgrade Backup", Gateways.CONVERGE, () -> backup(backupName),
                b -> b != null && !b.getMetadata().getUid().equals(first.getMetadata().getUid()));
        assertThat(retry.getAdditionalProperties().get("status")).isNull();
        Gateways.awaitCondition(client, ns, "intree", "MigrationsComplete", "False", "BackingUpBeforeUpgrade");
    }

    @Test
    void clusterBackupStatusShowsInBackupHealthyButNotInReady() {
        create("health", "BarmanObjectStore");
        driveToReady("health");
        Instant old = Instant.now().minus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

        FakeKubelet.reportClusterBackups(client, ns, "health-db", old, true, "");
        LiteLLMGateway tooOld = Gateways.awaitCondition(client, ns, "health", "BackupHealthy", "False", "BackupTooOld");
        assertThat(tooOld.getStatus().backup.lastSuccessfulBackup).isEqualTo(old.toString());
        assertThat(tooOld.getStatus().backup.firstRecoverabilityPoint).isEqualTo(old.minus(Duration.ofDays(7)).toString());
        assertThat(Gateways.condition(tooOld, "BackupHealthy").orElseThrow().getMessage()).contains("deprecated since CloudNativePG 1.26");
        assertThat(Gateways.is(tooOld, "Ready", "True")).as("Ready is about serving").isTrue();
        Await.until("a Warning Event BackupTooOld", Gateways.CONVERGE, () -> client.v1().events().inNamespace(ns).list().getItems().stream()
                .anyMatch(e -> "BackupTooOld".equals(e.getReason()) && "Warning".equals(e.getType())
                        && "health".equals(e.getInvolvedObject().getName())));

        FakeKubelet.reportClusterBackups(client, ns, "health-db", Instant.now(), false, "unexpected failure invoking barman-cloud-wal-archive");
        LiteLLMGateway failing = Gateways.awaitCondition(client, ns, "health", "BackupHealthy", "False", "WalArchivingFailing");
        assertThat(failing.getStatus().backup.walArchiving).isEqualTo("Failing");
        assertThat(Gateways.condition(failing, "BackupHealthy").orElseThrow().getMessage()).contains("barman-cloud-wal-archive");
        assertThat(Gateways.is(failing, "Ready", "True")).isTrue();

        FakeKubelet.reportClusterBackups(client, ns, "health-db", Instant.now(), true, "");
        Gateways.awaitCondition(client, ns, "health", "BackupHealthy", "True", "Healthy");
    }
}
