package io.llmgw.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.Names;

class ScheduledBackupDependentTest {
    private final ScheduledBackupDependent dependent = new ScheduledBackupDependent();

    @Test
    void backsUpTheManagedClusterOnTheSpecSchedule() {
        LiteLLMGateway gateway = TestGateways.withBackup(TestGateways.cnpg());
        gateway.getSpec().backup.schedule = "0 30 3 * * 0";
        var model = TestGateways.model(gateway);
        GenericKubernetesResource backup = dependent.desired(model);

        assertThat(backup.getApiVersion()).isEqualTo("postgresql.cnpg.io/v1");
        assertThat(backup.getKind()).isEqualTo("ScheduledBackup");
        assertThat(backup.getMetadata().getName()).isEqualTo("gw-db-backup");
        assertThat(backup.getMetadata().getNamespace()).isEqualTo("ai-system");
        assertThat(backup.getMetadata().getLabels()).containsEntry(Names.COMPONENT_LABEL, Names.DATABASE)
                .containsEntry("app.kubernetes.io/managed-by", Names.MANAGED_BY);
        assertThat((Object) backup.get("spec")).isEqualTo(Map.of(
                "schedule", "0 30 3 * * 0",
                "cluster", Map.of("name", new DatabaseClusterDependent().desired(model).getMetadata().getName()),
                "backupOwnerReference", "self",
                "method", "barmanObjectStore",
                "immediate", true));
    }

    @Test
    void defaultScheduleHasSixFields() {
        var backup = dependent.desired(TestGateways.model(TestGateways.withBackup(TestGateways.cnpg())));
        assertThat((String) backup.get("spec", "schedule")).isEqualTo("0 0 2 * * *").matches("^\\S+( \\S+){5}$");
    }

    @Test
    void enabledOnlyWithBackupOfTheManagedDatabase() {
        assertThat(dependent.enabled(TestGateways.model(TestGateways.withBackup(TestGateways.cnpg())))).isTrue();
        assertThat(dependent.enabled(TestGateways.model(TestGateways.cnpg()))).isFalse();
        assertThat(dependent.enabled(TestGateways.model(TestGateways.minimal()))).isFalse();
    }

    @Test
    void garbageCollected() {
        assertThat(dependent).isInstanceOf(GarbageCollected.class);
    }
}
