package io.llmgw.operator.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;
import io.llmgw.operator.resource.CnpgBackup;
import io.llmgw.operator.state.PreUpgradeBackup.Step;

/** When an image change waits for a Backup before its migrations, read from the running Deployment's image. */
class PreUpgradeBackupTest {
    static final String OLD = "ghcr.io/berriai/litellm:1.100.0";

    static GatewayModel model() {
        return TestGateways.model(TestGateways.withBackup(TestGateways.cnpg()));
    }

    static Deployment running(String image) {
        return new DeploymentBuilder().withNewMetadata().withName("gw").withNamespace("ai-system").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("litellm").withImage(image).endContainer()
                .addNewContainer().withName("presidio-analyzer").withImage("other").endContainer().endSpec().endTemplate().endSpec()
                .build();
    }

    static CnpgBackup backup(GatewayModel model, String phase, String error) {
        CnpgBackup backup = new CnpgBackup();
        backup.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(PreUpgradeBackup.backupName(model)).build());
        if (phase != null) {
            backup.setAdditionalProperty("status", error != null ? Map.of("phase", phase, "error", error) : Map.of("phase", phase));
        }
        return backup;
    }

    static ObservedState observed(Deployment proxy, Job migration, CnpgBackup backup) {
        return new ObservedState(Optional.ofNullable(proxy), Optional.empty(), Optional.empty(), Optional.ofNullable(migration),
                Optional.empty(), List.of(), Optional.ofNullable(backup), Optional.empty());
    }

    @Test
    void firstInstallTakesNoBackup() {
        PreUpgradeBackup decision = PreUpgradeBackup.decide(model(), observed(null, null, null));
        assertThat(decision.step()).isEqualTo(Step.NOT_NEEDED);
        assertThat(decision.allowsMigration()).isTrue();
        assertThat(decision.needsBackup()).isFalse();
    }

    @Test
    void sameImageTakesNoBackup() {
        GatewayModel model = model();
        assertThat(PreUpgradeBackup.decide(model, observed(running(model.image()), null, null)).step()).isEqualTo(Step.NOT_NEEDED);
    }

    @Test
    void imageChangeCreatesTheBackupAndHoldsTheMigrations() {
        GatewayModel model = model();
        PreUpgradeBackup decision = PreUpgradeBackup.decide(model, observed(running(OLD), null, null));
        assertThat(decision.step()).isEqualTo(Step.WAITING);
        assertThat(decision.needsBackup()).isTrue();
        assertThat(decision.allowsMigration()).isFalse();
        assertThat(decision.message()).contains(decision.name(), OLD + " -> " + model.image(), "being created");

        PreUpgradeBackup running = PreUpgradeBackup.decide(model, observed(running(OLD), null, backup(model, "running", null)));
        assertThat(running.step()).isEqualTo(Step.WAITING);
        assertThat(running.message()).contains("running");
    }

    @Test
    void completedBackupReleasesTheMigrations() {
        GatewayModel model = model();
        PreUpgradeBackup decision = PreUpgradeBackup.decide(model, observed(running(OLD), null, backup(model, "completed", null)));
        assertThat(decision.step()).isEqualTo(Step.COMPLETED);
        assertThat(decision.allowsMigration()).isTrue();
    }

    @Test
    void failedBackupStopsAndSaysHowToProceed() {
        GatewayModel model = model();
        PreUpgradeBackup decision = PreUpgradeBackup.decide(model, observed(running(OLD), null, backup(model, "failed", "no such bucket")));
        assertThat(decision.step()).isEqualTo(Step.FAILED);
        assertThat(decision.allowsMigration()).isFalse();
        assertThat(decision.message()).startsWith("PreUpgradeBackupFailed:").contains("no such bucket", "kubectl delete backup " + decision.name(),
                "beforeUpgrade: false");
    }

    @Test
    void aMigrationJobThatExistsIsNeverHeldBack() {
        // It ran already (or backups were switched on during the upgrade): deleting the Backup later must not block.
        GatewayModel model = model();
        Job job = new JobBuilder().withNewMetadata().withName("gw-migrate-x").endMetadata().build();
        assertThat(PreUpgradeBackup.decide(model, observed(running(OLD), job, null)).step()).isEqualTo(Step.NOT_NEEDED);
    }

    @Test
    void switchedOffOrWithoutBackupsNothingWaits() {
        LiteLLMGateway off = TestGateways.withBackup(TestGateways.cnpg());
        off.getSpec().backup.beforeUpgrade = false;
        assertThat(PreUpgradeBackup.decide(TestGateways.model(off), observed(running(OLD), null, null)).step()).isEqualTo(Step.NOT_NEEDED);
        assertThat(PreUpgradeBackup.decide(TestGateways.model(TestGateways.cnpg()), observed(running(OLD), null, null)).step())
                .isEqualTo(Step.NOT_NEEDED);
    }
}
