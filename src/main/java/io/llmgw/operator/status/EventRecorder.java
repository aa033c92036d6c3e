package io.llmgw.operator.status;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.api.v1alpha1.ConditionTypes;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.LiteLLMGatewayStatus;

/**
 * Kubernetes Events on important transitions only (created, rolling out a new config, became Ready, Stalled with
 * a new reason, a CRD missing, a migration failed, a pod fault, backups turning unhealthy), so a converged gateway produces no Events and no writes.
 */
public final class EventRecorder {
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    /** Event-only reasons: the first objects of a gateway, and a new config hash. */
    private static final String CREATED = "Created";
    private static final String ROLLING_OUT = "RollingOut";
    /** Component reasons that need the user on whichever condition they appear. */
    private static final Set<ConditionReason> WARN_ON_ANY_CONDITION = Set.of(ConditionReason.CRD_MISSING, ConditionReason.MIGRATION_FAILED);
    private final Clock clock;

    public EventRecorder(Clock clock) {
        this.clock = clock;
    }

    public void transitions(KubernetesClient client, LiteLLMGateway gateway, LiteLLMGatewayStatus previous, LiteLLMGatewayStatus next) {
        List<Condition> before = previous != null && previous.conditions != null ? previous.conditions : List.of();
        List<Condition> after = next.conditions;
        if (previous == null || previous.configHash == null) {
            if (next.configHash != null) {
                emit(client, gateway, "Normal", CREATED, "objects created for " + next.models + " models, config hash " + next.configHash);
            }
        } else if (next.configHash != null && !next.configHash.equals(previous.configHash)) {
            emit(client, gateway, "Normal", ROLLING_OUT, "config hash " + previous.configHash + " -> " + next.configHash
                    + ": the pods roll once the backends are ready");
        }
        for (Condition now : after) {
            Condition was = Conditions.find(before, now.getType()).orElse(null);
            boolean changed = was == null || !Objects.equals(was.getStatus(), now.getStatus()) || !Objects.equals(was.getReason(), now.getReason());
            if (!changed) {
                continue;
            }
            String type = now.getType();
            if (ConditionTypes.READY.equals(type) && Conditions.TRUE.equals(now.getStatus())) {
                emit(client, gateway, "Normal", ConditionReason.READY.wire(), now.getMessage());
            } else if (ConditionTypes.STALLED.equals(type) && Conditions.TRUE.equals(now.getStatus())) {
                emit(client, gateway, "Warning", now.getReason(), now.getMessage());
            } else if (!ConditionTypes.READY.equals(type) && !ConditionTypes.RECONCILING.equals(type)
                    && !ConditionTypes.STALLED.equals(type) && Conditions.FALSE.equals(now.getStatus())
                    && (ConditionTypes.PODS_HEALTHY.equals(type) || WARN_ON_ANY_CONDITION.stream().anyMatch(r -> saysReason(now, r))
                            || (ConditionTypes.BACKUP_HEALTHY.equals(type) && BackupHealth.UNHEALTHY.stream().anyMatch(r -> saysReason(now, r))))) {
                emit(client, gateway, "Warning", now.getReason(), now.getMessage());
            }
        }
    }

    public void emit(KubernetesClient client, LiteLLMGateway gateway, String type, String reason, String message) {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        var meta = gateway.getMetadata();
        try {
            client.v1().events().inNamespace(meta.getNamespace()).resource(new EventBuilder()
                    .withNewMetadata().withGenerateName(meta.getName() + ".").withNamespace(meta.getNamespace()).endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(gateway.getApiVersion()).withKind(gateway.getKind())
                            .withName(meta.getName()).withNamespace(meta.getNamespace()).withUid(meta.getUid()).build())
                    .withType(type).withReason(reason).withMessage(truncate(message))
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent("litellm-operator").endSource()
                    .withReportingComponent("llmgw.io/litellm-operator")
                    .build()).create();
        } catch (RuntimeException e) {
            // Events are best effort: never fail a reconcile over one.
            LOG.debugf("could not record event %s for %s/%s: %s", reason, meta.getNamespace(), meta.getName(), e.getMessage());
        }
    }

    /** Whether a condition, as written, carries {@code reason}. */
    private static boolean saysReason(Condition condition, ConditionReason reason) {
        return reason.wire().equals(condition.getReason());
    }

    private static String truncate(String message) {
        return message == null ? "" : message.length() > 1000 ? message.substring(0, 1000) : message;
    }
}
