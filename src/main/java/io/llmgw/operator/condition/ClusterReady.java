package io.llmgw.operator.condition;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.operator.resource.CnpgCluster;

/** Ready when CloudNativePG reports the Cluster's Ready condition True. */
public class ClusterReady implements Condition<CnpgCluster, LiteLLMGateway> {
    @Override
    public boolean isMet(DependentResource<CnpgCluster, LiteLLMGateway> dependent, LiteLLMGateway primary,
            Context<LiteLLMGateway> context) {
        return dependent.getSecondaryResource(primary, context).map(ClusterReady::isReady).orElse(false);
    }

    @SuppressWarnings("unchecked")
    public static boolean isReady(GenericKubernetesResource cluster) {
        Object status = cluster.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> s) || !(s.get("conditions") instanceof List<?> conditions)) {
            return false;
        }
        return conditions.stream().map(c -> (Map<String, Object>) c)
                .anyMatch(c -> "Ready".equals(c.get("type")) && "True".equals(c.get("status")));
    }
}
