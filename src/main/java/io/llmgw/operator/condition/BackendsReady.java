package io.llmgw.operator.condition;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.operator.state.GatewayContext;
import io.llmgw.operator.state.ObservedState;

/**
 * Ready postcondition of the config: the pods may roll once what the config points at is ready (the generated keys
 * Secret, the managed database, the migrations for this image and database, the managed cache). Until then the running pods keep
 * serving the previous version. A workflow gate rather than dependsOn on optional dependents, because a
 * dependent whose precondition is false takes every dependent that depends on it down with it.
 */
public class BackendsReady implements Condition<ConfigMap, LiteLLMGateway> {
    @Override
    public boolean isMet(DependentResource<ConfigMap, LiteLLMGateway> dependent, LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        return ObservedState.of(context).backendsReady(GatewayContext.model(context));
    }
}
