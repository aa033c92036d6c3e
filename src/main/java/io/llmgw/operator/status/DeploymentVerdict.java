package io.llmgw.operator.status;

import static io.llmgw.api.v1alpha1.ConditionTypes.DEPLOYMENT_AVAILABLE;
import static io.llmgw.api.v1alpha1.ConditionTypes.PODS_HEALTHY;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Problem;
import io.llmgw.operator.state.ObservedState;
import io.llmgw.operator.state.PodHealth;

/**
 * DeploymentAvailable and PodsHealthy: the proxy Deployment's rollout, and the fault of its pods that holds it up
 * (crash loop, OOM kill, image pull, a quota refusing pods...). PodsHealthy is reported beside Ready.
 */
final class DeploymentVerdict {
    private DeploymentVerdict() {
    }

    /** PodsHealthy, then DeploymentAvailable; {@code now} is the reconciler's clock (readiness budgets). */
    static List<ComponentVerdict> of(GatewayModel model, ObservedState observed, Instant now) {
        PodHealth.Assessment pods = PodHealth.assess(observed.proxyPods(), now);
        Optional<Problem> fault = podFault(observed, pods);
        ComponentVerdict podsHealthy = fault
                .map(f -> ComponentVerdict.reported(PODS_HEALTHY, false, f.reason(), f.message()))
                .orElseGet(() -> ComponentVerdict.reported(PODS_HEALTHY, true, ConditionReason.HEALTHY, healthy(pods)));
        return List.of(podsHealthy, available(model, observed, fault));
    }

    private static ComponentVerdict available(GatewayModel model, ObservedState observed, Optional<Problem> fault) {
        if (observed.proxyAvailable()) {
            var status = observed.proxy().get().getStatus();
            return ComponentVerdict.serves(DEPLOYMENT_AVAILABLE, ConditionReason.AVAILABLE, status.getAvailableReplicas() + " replicas available");
        }
        String deployment = "Deployment " + model.names().deployment();
        if (fault.isPresent()) {
            ConditionReason reason = fault.get().reason();
            int serving = observed.proxy().map(d -> d.getStatus()).map(s -> s.getAvailableReplicas()).orElse(0);
            String message = reason.wire() + ": " + deployment + " does not roll out: " + fault.get().message()
                    + (serving > 0 ? "; " + serving + " pods of the previous configuration keep serving" : "");
            // The Deployment's own progress deadline turns a fault that may still clear (a slow image pull, a
            // crash while the database starts) into one that needs the user: Flux then fails instead of waiting.
            return observed.proxyProgressDeadlineExceeded()
                    ? ComponentVerdict.stalls(DEPLOYMENT_AVAILABLE, reason, message)
                    : ComponentVerdict.waits(DEPLOYMENT_AVAILABLE, reason, message);
        }
        return observed.backendsReady(model)
                ? ComponentVerdict.waits(DEPLOYMENT_AVAILABLE, ConditionReason.PROGRESSING, deployment + " rolling out")
                : ComponentVerdict.waits(DEPLOYMENT_AVAILABLE, ConditionReason.WAITING_FOR_BACKENDS,
                        deployment + " waits for " + String.join(", ", pendingBackends(model, observed)));
    }

    /** The fault of the proxy pods (or the Deployment's failure to create them, e.g. a quota), if any. */
    private static Optional<Problem> podFault(ObservedState observed, PodHealth.Assessment pods) {
        Optional<DeploymentCondition> replicaFailure = observed.proxy()
                .flatMap(d -> deploymentCondition(d, "ReplicaFailure")).filter(f -> Conditions.TRUE.equals(f.getStatus()));
        if (replicaFailure.isPresent()) {
            return Optional.of(new Problem(ConditionReason.FAILED_CREATE, "pods cannot be created: " + replicaFailure.get().getMessage()));
        }
        return pods.verdict().map(verdict -> new Problem(verdict.fault().reason(), verdict.message()));
    }

    private static String healthy(PodHealth.Assessment pods) {
        return pods.ready() + " of " + pods.total() + " pods ready"
                + (pods.restarts() > 0 ? ", " + pods.restarts() + " restarts" + pods.lastTermination().map(t -> ", the last " + t).orElse("") : "");
    }

    private static Optional<DeploymentCondition> deploymentCondition(Deployment d, String type) {
        return d.getStatus() == null || d.getStatus().getConditions() == null ? Optional.empty()
                : d.getStatus().getConditions().stream().filter(x -> type.equals(x.getType())).findFirst();
    }

    private static List<String> pendingBackends(GatewayModel model, ObservedState observed) {
        List<String> pending = new ArrayList<>();
        if (!model.generatedKeysPresent()) {
            pending.add("its generated keys Secret " + model.names().keysSecret());
        }
        if (model.managedDatabase() && !observed.clusterReady()) {
            pending.add("its database");
        }
        if (model.hasDatabase() && !observed.migrationComplete()) {
            pending.add("its migrations");
        }
        if (model.managedCache() && !observed.cacheReady()) {
            pending.add("its cache");
        }
        return pending;
    }
}
