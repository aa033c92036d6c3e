package io.llmgw.operator.condition;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;
import io.llmgw.operator.GatewayContext;
import io.llmgw.operator.ObservedState;
import io.llmgw.operator.PreUpgradeBackup;

/**
 * Precondition of the migration Job: the spec asks for it and, for a managed database, CloudNativePG has created
 * the app Secret with the connection URL. Without it (CloudNativePG not installed yet) the Job would only wait for
 * that Secret and fail at its deadline, turning CRDMissing into MigrationFailed. The Secret is read from the
 * referenced-Secrets cache, which is synced before the first reconcile, so an operator restart never sees the
 * database as missing (and never deletes a completed Job); its creation is an event that brings the Job.
 * On an image change with {@code backup.beforeUpgrade}, the Job also waits for the pre-upgrade Backup to complete
 * ({@link PreUpgradeBackup}); the Backup's status change is an event of its informer.
 */
public class DatabaseExists extends EnabledInSpec {
    @Override
    public boolean isMet(DependentResource<Object, LiteLLMGateway> dependent, LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        GatewayModel model = GatewayContext.model(context);
        return super.isMet(dependent, primary, context)
                && (!model.managedDatabase() || GatewayContext.secrets(primary, context).find(model.names().databaseAppSecret()).isPresent())
                && PreUpgradeBackup.decide(model, ObservedState.of(context)).allowsMigration();
    }
}
