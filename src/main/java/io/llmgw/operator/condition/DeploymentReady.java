package io.llmgw.operator.condition;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.operator.state.Readiness;

/** Ready when the Deployment's current generation has rolled out ({@link Readiness#rolledOut}). */
public class DeploymentReady implements Condition<Deployment, LiteLLMGateway> {
    @Override
    public boolean isMet(DependentResource<Deployment, LiteLLMGateway> dependent, LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        return dependent.getSecondaryResource(primary, context).map(Readiness::rolledOut).orElse(false);
    }
}
