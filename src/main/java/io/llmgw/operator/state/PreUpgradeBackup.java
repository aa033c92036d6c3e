package io.llmgw.operator.state;

import java.util.Map;
import java.util.Optional;

import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Hashing;
import io.llmgw.operator.resource.CnpgBackup;

/**
 * Whether the migrations of a new LiteLLM image must wait for an on-demand CloudNativePG Backup, and how far that
 * Backup is. Pure: decided from the model and the informer caches.
 *
 * <p>The previous image is the one the proxy Deployment runs: it changes only after the new image's migrations
 * completed (the rollout gate), so it is the image the database schema belongs to. Hence:
 * <ul>
 * <li>first install: no Deployment yet, no backup (there is nothing to lose);
 * <li>an image change: a Backup {@code <cluster>-pre-upgrade-<8 hex of the new image>} is created once, and the
 * migration Job only once it is {@code completed};
 * <li>the migration Job of the new image exists already (it ran, or backups were switched on later): no gate, so a
 * Backup deleted afterwards never blocks a running gateway;
 * <li>a rollback to the last good spec: that image's Job exists from before, no gate;
 * <li>changing the image again while waiting: a new Backup for the newest image (the older one stays).
 * </ul>
 */
public record PreUpgradeBackup(Step step, String name, String message) {
    public enum Step {
        /** No gate: no backups, beforeUpgrade false, first install, same image, or migrations already started. */
        NOT_NEEDED,
        /** The Backup is to be created or has not completed yet: the migration Job waits. */
        WAITING,
        /** The Backup completed: the migration Job may run. */
        COMPLETED,
        /** The Backup failed: the migration Job waits for the user. */
        FAILED
    }

    public static final String COMPLETED_PHASE = "completed";
    static final String FAILED_PHASE = "failed";
    static final String INVALID_PHASE = "invalid backup definition";

    public static PreUpgradeBackup decide(GatewayModel model, ObservedState observed) {
        String name = backupName(model);
        if (!model.backupBeforeUpgrade() || observed.migration().isPresent()) {
            return new PreUpgradeBackup(Step.NOT_NEEDED, name, "");
        }
        Optional<String> previous = observed.proxyImage();
        if (previous.isEmpty() || previous.get().equals(model.image())) {
            return new PreUpgradeBackup(Step.NOT_NEEDED, name, "");
        }
        String upgrade = previous.get() + " -> " + model.image();
        Optional<CnpgBackup> backup = observed.preUpgradeBackup();
        String phase = backup.map(PreUpgradeBackup::phase).orElse("");
        if (COMPLETED_PHASE.equals(phase)) {
            return new PreUpgradeBackup(Step.COMPLETED, name, "pre-upgrade Backup " + name + " completed (" + upgrade + ")");
        }
        if (FAILED_PHASE.equals(phase) || INVALID_PHASE.equals(phase)) {
            String error = backup.map(PreUpgradeBackup::error).filter(e -> !e.isBlank()).map(e -> ": " + e).orElse("");
            return new PreUpgradeBackup(Step.FAILED, name, ConditionReason.PRE_UPGRADE_BACKUP_FAILED.wire() + ": pre-upgrade Backup " + name + " " + phase + error
                    + "; the migrations of " + model.image() + " do not run. Fix the object store and delete the Backup to retry"
                    + " (kubectl delete backup " + name + "), or set spec.backup.beforeUpgrade: false to upgrade without it");
        }
        String state = backup.isEmpty() ? "being created" : phase.isEmpty() ? "pending" : phase;
        return new PreUpgradeBackup(Step.WAITING, name, "pre-upgrade Backup " + name + " " + state + " (" + upgrade
                + "): the migrations wait for it");
    }

    /** The Backup for the model's image: {@code <cluster>-pre-upgrade-<first 8 hex of sha256(image)>}. */
    public static String backupName(GatewayModel model) {
        return model.names().preUpgradeBackup(Hashing.sha256Hex(model.image(), 4));
    }

    /** The migration Job may be created. */
    public boolean allowsMigration() {
        return step == Step.NOT_NEEDED || step == Step.COMPLETED;
    }

    /** The Backup object must exist (created once, never updated). */
    public boolean needsBackup() {
        return step != Step.NOT_NEEDED;
    }

    @SuppressWarnings("unchecked")
    private static String phase(CnpgBackup backup) {
        Object status = backup.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> map && map.get("phase") instanceof String phase ? phase : "";
    }

    private static String error(CnpgBackup backup) {
        Object status = backup.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> map && map.get("error") instanceof String error ? error : "";
    }
}
