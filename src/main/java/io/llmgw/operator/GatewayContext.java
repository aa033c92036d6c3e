package io.llmgw.operator;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;

/** Access to the per-reconcile model that the reconciler computes before running the workflow. */
public final class GatewayContext {
    private GatewayContext() {
    }

    public static GatewayModel model(Context<LiteLLMGateway> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(GatewayModel.CONTEXT_KEY, GatewayModel.class);
    }

    static void put(Context<LiteLLMGateway> context, GatewayModel model) {
        context.managedWorkflowAndDependentResourceContext().put(GatewayModel.CONTEXT_KEY, model);
    }
}
