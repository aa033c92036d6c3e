package io.llmgw.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.BackupSpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;
import io.llmgw.operator.resource.BarmanObjectStore;
import io.llmgw.operator.resource.CnpgCluster;
import io.llmgw.operator.state.ObservedState;

/** BackupHealthy from the Cluster's (or the plugin ObjectStore's) status, with a fixed clock; schedule daily at 02:00, so 26 h allowed. */
class BackupHealthTest {
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    static final BackupHealth HEALTH = new BackupHealth(Clock.fixed(NOW, ZoneOffset.UTC));
    static final String CREATED_LONG_AGO = "2026-11-01T00:00:00Z";

    static GatewayModel inTree() {
        return TestGateways.model(TestGateways.withBackup(TestGateways.cnpg()));
    }

    static GatewayModel plugin() {
        LiteLLMGateway gateway = TestGateways.withBackup(TestGateways.cnpg());
        gateway.getSpec().backup.method = BackupSpec.BARMAN_CLOUD_PLUGIN;
        return TestGateways.model(gateway);
    }

    static CnpgCluster cluster(String created, Map<String, Object> status) {
        CnpgCluster cluster = new CnpgCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("gw-db").withCreationTimestamp(created).build());
        cluster.setAdditionalProperty("status", status);
        return cluster;
    }

    static Map<String, Object> condition(String type, String status, String reason, String message) {
        return Map.of("type", type, "status", status, "reason", reason, "message", message);
    }

    static Map<String, Object> status(String lastSuccessful, Map<String, Object>... conditions) {
        Map<String, Object> status = new LinkedHashMap<>();
        if (lastSuccessful != null) {
            status.put("lastSuccessfulBackup", lastSuccessful);
            status.put("firstRecoverabilityPoint", "2026-11-25T02:00:00Z");
        }
        status.put("conditions", List.of(conditions));
        return status;
    }

    static final Map<String, Object> ARCHIVING = condition("ContinuousArchiving", "True", "ContinuousArchivingSuccess", "");

    static ObservedState observed(CnpgCluster cluster, BarmanObjectStore store) {
        return new ObservedState(Optional.empty(), Optional.empty(), Optional.ofNullable(cluster), Optional.empty(), Optional.empty(),
                List.of(), Optional.empty(), Optional.ofNullable(store));
    }

    @Test
    void recentBackupAndWorkingArchivingIsHealthy() {
        var verdict = HEALTH.assess(inTree(), observed(cluster(CREATED_LONG_AGO, status("2026-12-02T02:00:05Z", ARCHIVING)), null));
        assertThat(verdict.healthy()).isTrue();
        assertThat(verdict.reason().wire()).isEqualTo("Healthy");
        assertThat(verdict.message()).contains("2026-12-02T02:00:05Z", "recoverable from 2026-11-25T02:00:00Z", "deprecated since CloudNativePG 1.26");
        assertThat(verdict.summary().lastSuccessfulBackup).isEqualTo("2026-12-02T02:00:05Z");
        assertThat(verdict.summary().firstRecoverabilityPoint).isEqualTo("2026-11-25T02:00:00Z");
        assertThat(verdict.summary().walArchiving).isEqualTo("Working");
        assertThat(verdict.summary().method).isEqualTo("BarmanObjectStore");
        // Turns BackupTooOld 26 h after the backup: 2026-12-03T04:00:05Z, 16 h from now.
        assertThat(verdict.recheckIn()).contains(Duration.ofHours(16).plusSeconds(6));
    }

    @Test
    void backupOlderThanTheScheduleAllowsIsTooOld() {
        var verdict = HEALTH.assess(inTree(), observed(cluster(CREATED_LONG_AGO, status("2026-11-30T02:00:00Z", ARCHIVING)), null));
        assertThat(verdict.healthy()).isFalse();
        assertThat(verdict.reason().wire()).isEqualTo("BackupTooOld");
        assertThat(verdict.message()).contains("2d 10h old", "\"0 0 2 * * *\" allows 26h");
    }

    @Test
    void failingArchivingComesFirst() {
        var verdict = HEALTH.assess(inTree(), observed(cluster(CREATED_LONG_AGO, status("2026-12-02T02:00:05Z",
                condition("ContinuousArchiving", "False", "ContinuousArchivingFailing", "unexpected failure invoking barman-cloud-wal-archive"))),
                null));
        assertThat(verdict.reason().wire()).isEqualTo("WalArchivingFailing");
        assertThat(verdict.message()).contains("barman-cloud-wal-archive");
        assertThat(verdict.summary().walArchiving).isEqualTo("Failing");
    }

    @Test
    void lastBackupFailed() {
        var verdict = HEALTH.assess(inTree(), observed(cluster(CREATED_LONG_AGO, status("2026-12-02T02:00:05Z", ARCHIVING,
                condition("LastBackupSucceeded", "False", "LastBackupFailed", "can't upload"))), null));
        assertThat(verdict.reason().wire()).isEqualTo("BackupFailed");
        assertThat(verdict.message()).contains("can't upload");
    }

    @Test
    void youngClusterWithoutBackupIsPendingAndRechecked() {
        var verdict = HEALTH.assess(inTree(), observed(cluster("2026-12-02T11:00:00Z", status(null)), null));
        assertThat(verdict.healthy()).isFalse();
        assertThat(verdict.reason().wire()).isEqualTo("Pending");
        assertThat(verdict.recheckIn()).contains(Duration.ofHours(25));
        assertThat(HEALTH.assess(inTree(), observed(null, null)).reason().wire()).isEqualTo("Pending");
    }

    @Test
    void oldClusterWithoutBackupHasNone() {
        var verdict = HEALTH.assess(inTree(), observed(cluster(CREATED_LONG_AGO, status(null, ARCHIVING)), null));
        assertThat(verdict.reason().wire()).isEqualTo("NoBackup");
        assertThat(BackupHealth.UNHEALTHY).contains(verdict.reason());
    }

    @Test
    void pluginTimesComeFromTheObjectStore() {
        BarmanObjectStore store = new BarmanObjectStore();
        store.setMetadata(new ObjectMetaBuilder().withName("gw-db-store").build());
        store.setAdditionalProperty("status", Map.of("serverRecoveryWindow", Map.of("gw-db", Map.of(
                "lastSuccessfulBackupTime", "2026-12-02T02:00:05Z", "firstRecoverabilityPoint", "2026-11-25T02:00:00Z"))));
        // CloudNativePG leaves the Cluster's backup times empty with a plugin.
        var verdict = HEALTH.assess(plugin(), observed(cluster(CREATED_LONG_AGO, status(null, ARCHIVING)), store));
        assertThat(verdict.reason().wire()).isEqualTo("Healthy");
        assertThat(verdict.message()).doesNotContain("deprecated");
        assertThat(verdict.summary().method).isEqualTo("BarmanCloudPlugin");
        assertThat(verdict.summary().lastSuccessfulBackup).isEqualTo("2026-12-02T02:00:05Z");

        var failed = new BarmanObjectStore();
        failed.setMetadata(store.getMetadata());
        failed.setAdditionalProperty("status", Map.of("serverRecoveryWindow", Map.of("gw-db", Map.of(
                "lastSuccessfulBackupTime", "2026-12-01T02:00:05Z", "lastFailedBackupTime", "2026-12-02T02:00:05Z"))));
        assertThat(HEALTH.assess(plugin(), observed(cluster(CREATED_LONG_AGO, status(null, ARCHIVING)), failed)).reason().wire())
                .isEqualTo("BackupFailed");
    }

    @Test
    void withoutBackupsNothingIsRequired() {
        assertThat(HEALTH.assess(TestGateways.model(TestGateways.cnpg()), observed(null, null)).reason().wire()).isEqualTo("NotRequired");
    }
}
