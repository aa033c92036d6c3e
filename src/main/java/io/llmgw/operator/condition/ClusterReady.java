package io.llmgw.operator.condition;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.operator.resource.CnpgCluster;
import io.llmgw.operator.state.Readiness;

/** Ready when CloudNativePG reports the Cluster's Ready condition True. */
public class ClusterReady implements Condition<CnpgCluster, LiteLLMGateway> {
    @Override
    public boolean isMet(DependentResource<CnpgCluster, LiteLLMGateway> dependent, LiteLLMGateway primary,
            Context<LiteLLMGateway> context) {
        return dependent.getSecondaryResource(primary, context).map(Readiness::clusterReady).orElse(false);
    }
}
