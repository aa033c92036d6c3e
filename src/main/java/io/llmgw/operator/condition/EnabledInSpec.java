package io.llmgw.operator.condition;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.operator.dependent.GatewayDependent;
import io.llmgw.operator.state.GatewayContext;

/** Reconcile precondition: the spec asks for this object (each dependent says when, in {@code enabled}). */
public class EnabledInSpec implements Condition<Object, LiteLLMGateway> {
    @Override
    public boolean isMet(DependentResource<Object, LiteLLMGateway> dependent, LiteLLMGateway primary,
            Context<LiteLLMGateway> context) {
        return ((GatewayDependent<?>) dependent).enabled(GatewayContext.model(context));
    }
}
