package io.llmgw.operator.condition;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.operator.state.GatewayContext;
import io.llmgw.operator.state.ObservedState;
import io.llmgw.operator.state.PreUpgradeBackup;

/**
 * Reconcile precondition of the pre-upgrade Backup: the LiteLLM image is changing and its migrations have not
 * started ({@link PreUpgradeBackup}). False most of the time, which deletes nothing: the dependent is create-only.
 */
public class PreUpgradeBackupNeeded extends EnabledInSpec {
    @Override
    public boolean isMet(DependentResource<Object, LiteLLMGateway> dependent, LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        return super.isMet(dependent, primary, context)
                && PreUpgradeBackup.decide(GatewayContext.model(context), ObservedState.of(context)).needsBackup();
    }
}
