package io.llmgw.operator.status;

import static io.llmgw.api.v1alpha1.ConditionTypes.MIGRATIONS_COMPLETE;

import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.model.GatewayModel;
import io.llmgw.operator.state.ObservedState;
import io.llmgw.operator.state.PreUpgradeBackup;

/** MigrationsComplete: the pre-upgrade Backup, then the migration Job of the current image. */
final class MigrationsVerdict {
    private MigrationsVerdict() {
    }

    static ComponentVerdict of(GatewayModel model, ObservedState observed) {
        if (!model.hasDatabase()) {
            return ComponentVerdict.serves(MIGRATIONS_COMPLETE, ConditionReason.NOT_REQUIRED, "no database configured");
        }
        String job = "migration Job " + observed.migrationJob();
        PreUpgradeBackup beforeUpgrade = PreUpgradeBackup.decide(model, observed);
        if (beforeUpgrade.step() == PreUpgradeBackup.Step.FAILED) {
            return ComponentVerdict.stalls(MIGRATIONS_COMPLETE, ConditionReason.PRE_UPGRADE_BACKUP_FAILED, beforeUpgrade.message());
        }
        if (beforeUpgrade.step() == PreUpgradeBackup.Step.WAITING) {
            return ComponentVerdict.waits(MIGRATIONS_COMPLETE, ConditionReason.BACKING_UP_BEFORE_UPGRADE, beforeUpgrade.message());
        }
        if (observed.migrationComplete()) {
            return ComponentVerdict.serves(MIGRATIONS_COMPLETE, ConditionReason.COMPLETED, job + " completed");
        }
        if (observed.migrationFailed()) {
            ConditionReason failed = ConditionReason.MIGRATION_FAILED;
            return ComponentVerdict.stalls(MIGRATIONS_COMPLETE, failed, failed.wire() + ": " + job + " failed; read its pod logs (kubectl logs job/"
                    + observed.migrationJob() + ")");
        }
        if (model.managedDatabase() && observed.migration().isEmpty() && !observed.clusterReady()) {
            return ComponentVerdict.waits(MIGRATIONS_COMPLETE, ConditionReason.WAITING_FOR_DATABASE,
                    job + " waits for CloudNativePG cluster " + model.names().database() + " to be ready");
        }
        return ComponentVerdict.waits(MIGRATIONS_COMPLETE, ConditionReason.RUNNING, job + " running");
    }
}
