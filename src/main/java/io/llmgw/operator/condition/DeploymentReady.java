package io.llmgw.operator.condition;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.llmgw.api.v1alpha1.LiteLLMGateway;

/**
 * Ready when the Deployment's current generation has rolled out: every desired replica updated and available, and
 * no pod of an older template left (as {@code kubectl rollout status} decides). An old pod still serving while the
 * new one crash-loops is not a rolled-out Deployment.
 */
public class DeploymentReady implements Condition<Deployment, LiteLLMGateway> {
    @Override
    public boolean isMet(DependentResource<Deployment, LiteLLMGateway> dependent, LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        return dependent.getSecondaryResource(primary, context).map(DeploymentReady::isReady).orElse(false);
    }

    public static boolean isReady(Deployment d) {
        var status = d.getStatus();
        if (status == null || status.getObservedGeneration() == null
                || status.getObservedGeneration() < d.getMetadata().getGeneration()) {
            return false;
        }
        int desired = d.getSpec().getReplicas() != null ? d.getSpec().getReplicas() : 1;
        int updated = status.getUpdatedReplicas() != null ? status.getUpdatedReplicas() : 0;
        int available = status.getAvailableReplicas() != null ? status.getAvailableReplicas() : 0;
        int total = status.getReplicas() != null ? status.getReplicas() : 0;
        return updated >= desired && total <= updated && available >= desired;
    }
}
