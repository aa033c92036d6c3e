package io.llmgw.operator.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.llmgw.api.v1alpha1.BackupSpec;
import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.api.v1alpha1.LiteLLMGatewayStatus;
import io.llmgw.model.BackupAge;
import io.llmgw.model.GatewayModel;
import io.llmgw.operator.state.ObservedState;

/**
 * The verdict on the managed database's backups, from what CloudNativePG reports (fields of CloudNativePG 1.30's
 * ClusterStatus and Barman Cloud plugin 0.15's ObjectStoreStatus): WAL archiving ({@code ContinuousArchiving}
 * condition of the Cluster), the last backup ({@code LastBackupSucceeded} condition), and the time of the last
 * successful one, which must be younger than the schedule's longest gap plus {@link BackupAge#MARGIN}. With the in-tree
 * method the times are the Cluster's {@code status.lastSuccessfulBackup}/{@code firstRecoverabilityPoint}; with the
 * plugin CloudNativePG leaves those empty and the ObjectStore's {@code status.serverRecoveryWindow.<cluster>} holds
 * them. Reported as BackupHealthy; it never makes the gateway not Ready (Ready is about serving).
 */
public final class BackupHealth {
    /** The reasons that say backups are broken (a Warning Event on the transition). */
    public static final Set<ConditionReason> UNHEALTHY = Set.of(ConditionReason.WAL_ARCHIVING_FAILING, ConditionReason.BACKUP_FAILED,
            ConditionReason.BACKUP_TOO_OLD, ConditionReason.NO_BACKUP);
    static final String DEPRECATION = " (backup.method BarmanObjectStore: CloudNativePG's in-tree barmanObjectStore is deprecated since"
            + " CloudNativePG 1.26; BarmanCloudPlugin is its successor)";

    /** {@code summary} is status.backup; {@code recheckIn} is when the verdict changes by time alone. */
    public record Verdict(boolean healthy, ConditionReason reason, String message, LiteLLMGatewayStatus.BackupStatus summary,
            Optional<Duration> recheckIn) {
    }

    private final Clock clock;

    public BackupHealth(Clock clock) {
        this.clock = clock;
    }

    public Verdict assess(GatewayModel model, ObservedState observed) {
        if (!model.backupEnabled()) {
            return new Verdict(true, ConditionReason.NOT_REQUIRED, "no backups configured", null, Optional.empty());
        }
        Instant now = clock.instant();
        BackupSpec spec = model.spec().backup;
        String note = spec.usesPlugin() ? "" : DEPRECATION;
        String cluster = model.names().database();
        Map<String, Object> clusterStatus = observed.cluster().map(c -> map(c.getAdditionalProperties().get("status"))).orElse(Map.of());
        Map<String, Object> times = spec.usesPlugin()
                ? map(map(observed.objectStore().map(s -> s.getAdditionalProperties().get("status")).orElse(null))
                        .getOrDefault("serverRecoveryWindow", Map.of())).entrySet().stream().filter(e -> cluster.equals(e.getKey()))
                        .map(e -> map(e.getValue())).findFirst().orElse(Map.of())
                : clusterStatus;
        Optional<Instant> lastSuccessful = instant(times.get(spec.usesPlugin() ? "lastSuccessfulBackupTime" : "lastSuccessfulBackup"));
        Optional<Instant> lastFailed = instant(times.get(spec.usesPlugin() ? "lastFailedBackupTime" : "lastFailedBackup"));
        Optional<Instant> firstRecoverable = instant(times.get("firstRecoverabilityPoint"));
        Optional<Map<String, Object>> archiving = condition(clusterStatus, "ContinuousArchiving");
        Optional<Map<String, Object>> lastBackup = condition(clusterStatus, "LastBackupSucceeded");

        LiteLLMGatewayStatus.BackupStatus summary = new LiteLLMGatewayStatus.BackupStatus();
        summary.method = spec.usesPlugin() ? BackupSpec.BARMAN_CLOUD_PLUGIN : BackupSpec.BARMAN_OBJECT_STORE;
        summary.lastSuccessfulBackup = lastSuccessful.map(Instant::toString).orElse(null);
        summary.firstRecoverabilityPoint = firstRecoverable.map(Instant::toString).orElse(null);
        summary.walArchiving = archiving.map(c -> "True".equals(c.get("status")) ? "Working" : "False".equals(c.get("status")) ? "Failing" : "Unknown")
                .orElse("Unknown");

        String schedule = spec.schedule != null ? spec.schedule : "0 0 2 * * *";
        Optional<Duration> allowed = BackupAge.allowed(spec);
        String allowedText = allowed.map(a -> "the schedule \"" + schedule + "\" allows " + human(a) + " (its longest gap plus "
                + human(BackupAge.MARGIN) + ")").orElse("");

        if (archiving.filter(c -> "False".equals(c.get("status"))).isPresent()) {
            return broken(ConditionReason.WAL_ARCHIVING_FAILING, "WAL archiving of " + cluster + " fails ("
                    + text(archiving.get()) + "): point-in-time recovery stops at the last archived WAL; check the object store"
                    + " and its credentials" + note, summary);
        }
        boolean failedLast = lastBackup.filter(c -> "False".equals(c.get("status"))).isPresent()
                || (lastFailed.isPresent() && (lastSuccessful.isEmpty() || lastFailed.get().isAfter(lastSuccessful.get())));
        if (failedLast) {
            String why = lastBackup.filter(c -> "False".equals(c.get("status"))).map(BackupHealth::text)
                    .orElse("last failed backup " + lastFailed.map(Instant::toString).orElse("?"));
            return broken(ConditionReason.BACKUP_FAILED, "the last backup of " + cluster + " failed (" + why
                    + "); kubectl get backups -l cnpg.io/cluster=" + cluster + " shows each Backup's error" + note, summary);
        }
        if (lastSuccessful.isEmpty()) {
            Optional<Instant> created = observed.cluster().map(c -> c.getMetadata().getCreationTimestamp()).flatMap(BackupHealth::instant);
            Optional<Instant> due = allowed.flatMap(a -> created.map(c -> c.plus(a)));
            if (observed.cluster().isEmpty() || due.isEmpty() || now.isBefore(due.get())) {
                return new Verdict(false, ConditionReason.PENDING, "no successful backup of " + cluster + " yet"
                        + due.map(d -> "; expected before " + d).orElse("") + note, summary, due.map(d -> Duration.between(now, d)));
            }
            return broken(ConditionReason.NO_BACKUP, cluster + " has no successful backup, though created "
                    + human(Duration.between(created.get(), now)) + " ago and " + allowedText + "; check the ScheduledBackup "
                    + model.names().scheduledBackup() + " and the Backups it created" + note, summary);
        }
        Duration age = Duration.between(lastSuccessful.get(), now);
        if (allowed.isPresent() && age.compareTo(allowed.get()) > 0) {
            return broken(ConditionReason.BACKUP_TOO_OLD, "the last successful backup of " + cluster + " ("
                    + lastSuccessful.get() + ") is " + human(age) + " old, but " + allowedText + "; check the ScheduledBackup "
                    + model.names().scheduledBackup() + " and the Backups it created" + note, summary);
        }
        String message = "last successful backup " + lastSuccessful.get() + " (" + human(age) + " ago)"
                + firstRecoverable.map(f -> ", recoverable from " + f).orElse("") + ", WAL archiving " + summary.walArchiving.toLowerCase()
                + note;
        return new Verdict(true, ConditionReason.HEALTHY, message, summary, allowed.map(a -> a.minus(age).plusSeconds(1)));
    }

    /** Backups that do not work: the message starts with the reason, as the Warning Event shows it. */
    private static Verdict broken(ConditionReason reason, String message, LiteLLMGatewayStatus.BackupStatus summary) {
        return new Verdict(false, reason, reason.wire() + ": " + message, summary, Optional.empty());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Optional<Map<String, Object>> condition(Map<String, Object> status, String type) {
        return status.get("conditions") instanceof List<?> list
                ? list.stream().map(BackupHealth::map).filter(c -> type.equals(c.get("type"))).findFirst()
                : Optional.empty();
    }

    private static String text(Map<String, Object> condition) {
        Object reason = condition.get("reason");
        Object message = condition.get("message");
        return (reason != null ? reason : "") + (message != null && !String.valueOf(message).isBlank() ? ": " + message : "");
    }

    private static Optional<Instant> instant(Object value) {
        if (!(value instanceof String text) || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.trim()));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(java.time.OffsetDateTime.parse(text.trim()).toInstant());
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
    }

    static String human(Duration d) {
        long hours = d.toHours();
        if (hours >= 48) {
            return d.toDays() + "d" + (hours % 24 > 0 ? " " + hours % 24 + "h" : "");
        }
        if (hours >= 1) {
            return hours + "h" + (d.toMinutesPart() > 0 ? " " + d.toMinutesPart() + "m" : "");
        }
        return Math.max(d.toMinutes(), 0) + "m";
    }
}
