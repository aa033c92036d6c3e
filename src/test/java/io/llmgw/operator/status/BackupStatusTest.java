package io.llmgw.operator.status;

import static io.llmgw.operator.status.StatusFactoryTest.available;
import static io.llmgw.operator.status.StatusFactoryTest.reason;
import static io.llmgw.operator.status.StatusFactoryTest.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.LiteLLMGatewayStatus;
import io.llmgw.model.GatewayModel;
import io.llmgw.operator.resource.CnpgBackup;
import io.llmgw.operator.resource.CnpgCluster;
import io.llmgw.operator.state.ObservedState;
import io.llmgw.operator.state.PreUpgradeBackup;

/** BackupHealthy and the pre-upgrade backup step in the gateway's status: reported, and Ready stays about serving. */
class BackupStatusTest {
    static final Clock NOW = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);
    final LiteLLMGateway gateway = TestGateways.withBackup(TestGateways.cnpg());
    final GatewayModel model = TestGateways.model(gateway);

    static CnpgCluster cluster(Map<String, Object> archiving, String lastSuccessful) {
        CnpgCluster cluster = new CnpgCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("gw-db").withCreationTimestamp("2026-11-01T00:00:00Z").build());
        cluster.setAdditionalProperty("status", Map.of("lastSuccessfulBackup", lastSuccessful, "conditions", List.of(
                Map.of("type", "Ready", "status", "True"), archiving)));
        return cluster;
    }

    static Job completed(String name) {
        return new JobBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus().addNewCondition().withType("Complete")
                .withStatus("True").endCondition().endStatus().build();
    }

    static Deployment running(String image) {
        Deployment d = available(1);
        d.getSpec().setTemplate(new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder().withNewSpec().addNewContainer().withName("litellm")
                .withImage(image).endContainer().endSpec().build());
        return d;
    }

    @Test
    void failingArchivingIsReportedButTheGatewayStaysReady() {
        var observed = new ObservedState(Optional.of(running(model.image())), Optional.empty(),
                Optional.of(cluster(Map.of("type", "ContinuousArchiving", "status", "False", "reason", "ContinuousArchivingFailing",
                        "message", "no such bucket"), "2026-12-02T02:00:00Z")),
                Optional.of(completed("gw-migrate-x")), Optional.empty());
        LiteLLMGatewayStatus s = new StatusFactory(NOW).valid(gateway, model, observed, Set.of(), List.of());
        assertThat(status(s, "BackupHealthy")).isEqualTo("False");
        assertThat(reason(s, "BackupHealthy")).isEqualTo("WalArchivingFailing");
        assertThat(status(s, "Ready")).isEqualTo("True");
        assertThat(status(s, "Stalled")).isEqualTo("False");
        assertThat(s.backup.walArchiving).isEqualTo("Failing");
        assertThat(s.backup.lastSuccessfulBackup).isEqualTo("2026-12-02T02:00:00Z");
    }

    @Test
    void noBackupsNoBackupCondition() {
        GatewayModel plain = TestGateways.model(TestGateways.cnpg());
        LiteLLMGatewayStatus s = new StatusFactory(NOW).valid(TestGateways.cnpg(), plain, StatusFactoryTest.observed(available(1)), Set.of(),
                List.of());
        assertThat(status(s, "BackupHealthy")).isEqualTo("absent");
        assertThat(s.backup).isNull();
    }

    @Test
    void anUpgradeWaitsForItsBackupThenStallsWhenItFails() {
        Map<String, Object> working = Map.of("type", "ContinuousArchiving", "status", "True", "reason", "ContinuousArchivingSuccess");
        CnpgBackup backup = new CnpgBackup();
        backup.setMetadata(new ObjectMetaBuilder().withName(PreUpgradeBackup.backupName(model)).build());
        backup.setAdditionalProperty("status", Map.of("phase", "running"));
        var waiting = new ObservedState(Optional.of(running("ghcr.io/berriai/litellm:1.100.0")), Optional.empty(),
                Optional.of(cluster(working, "2026-12-02T02:00:00Z")), Optional.empty(), Optional.empty(), List.of(), Optional.of(backup),
                Optional.empty());
        LiteLLMGatewayStatus s = new StatusFactory(NOW).valid(gateway, model, waiting, Set.of(), List.of());
        assertThat(reason(s, "MigrationsComplete")).isEqualTo("BackingUpBeforeUpgrade");
        assertThat(status(s, "Reconciling")).isEqualTo("True");
        assertThat(status(s, "Stalled")).isEqualTo("False");

        backup.setAdditionalProperty("status", Map.of("phase", "failed", "error", "can't upload"));
        LiteLLMGatewayStatus failed = new StatusFactory(NOW).valid(gateway, model, waiting, Set.of(), List.of());
        assertThat(status(failed, "Stalled")).isEqualTo("True");
        assertThat(reason(failed, "Stalled")).isEqualTo("PreUpgradeBackupFailed");
        assertThat(reason(failed, "MigrationsComplete")).isEqualTo("PreUpgradeBackupFailed");
        assertThat(failed.conditions).filteredOn(c -> c.getType().equals("Stalled")).singleElement()
                .satisfies(c -> assertThat(c.getMessage()).contains("can't upload", "beforeUpgrade: false"));
    }
}
