package io.llmgw.operator.condition;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.operator.state.ObservedState;

/**
 * Reconcile precondition of the ScheduledBackup: the spec asks for backups and the managed Cluster is ready (its
 * first, immediate backup needs a running primary), or the ScheduledBackup exists already, so a Cluster that is
 * briefly not ready never deletes it.
 *
 * <p>This stands in for {@code dependsOn} the database: in JOSDK 5.3.2, when the database's precondition is false
 * (a gateway without a managed database), its dependents are marked for deletion without checking their activation
 * condition, which starts the ScheduledBackup informer on a cluster without CloudNativePG and fails every reconcile
 * (fixed upstream in 5.3.3, operator-framework/java-operator-sdk#3273).
 */
public class BackupSchedulable extends EnabledInSpec {
    @Override
    public boolean isMet(DependentResource<Object, LiteLLMGateway> dependent, LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        return super.isMet(dependent, primary, context)
                && (ObservedState.of(context).clusterReady() || dependent.getSecondaryResource(primary, context).isPresent());
    }
}
