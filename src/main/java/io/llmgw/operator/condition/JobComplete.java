package io.llmgw.operator.condition;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.operator.state.Readiness;

/** Ready when the migration Job reports Complete=True; serving pods wait for it. */
public class JobComplete implements Condition<Job, LiteLLMGateway> {
    @Override
    public boolean isMet(DependentResource<Job, LiteLLMGateway> dependent, LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        return dependent.getSecondaryResource(primary, context).map(Readiness::jobComplete).orElse(false);
    }
}
