package io.llmgw.operator.condition;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;
import io.llmgw.operator.GatewayContext;
import io.llmgw.operator.ObservedState;

/**
 * Precondition of the migration Job: the spec asks for it and, for a managed database, the CloudNativePG Cluster
 * exists. Without it (CloudNativePG not installed yet) the Job would only wait for a Secret that never comes and
 * fail at its deadline, leaving the gateway Stalled with MigrationFailed instead of CRDMissing.
 */
public class DatabaseExists extends EnabledInSpec {
    @Override
    public boolean isMet(DependentResource<Object, LiteLLMGateway> dependent, LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        GatewayModel model = GatewayContext.model(context);
        return super.isMet(dependent, primary, context) && (!model.managedDatabase() || ObservedState.of(context).cluster().isPresent());
    }
}
