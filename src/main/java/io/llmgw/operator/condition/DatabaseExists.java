package io.llmgw.operator.condition;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;
import io.llmgw.operator.state.GatewayContext;
import io.llmgw.operator.state.ObservedState;
import io.llmgw.operator.state.PreUpgradeBackup;

/**
 * Precondition of the migration Job: the spec asks for it and, for a managed database, CloudNativePG has created
 * the app Secret with the connection URL and finished bootstrapping the Cluster (see {@link #bootstrapped}). Without
 * the Secret (CloudNativePG not installed yet) the Job would only wait for that Secret and fail at its deadline,
 * turning CRDMissing into MigrationFailed. The Secret is read from the referenced-Secrets cache, which is synced
 * before the first reconcile, so an operator restart never sees the database as missing (and never deletes a
 * completed Job); its creation is an event that brings the Job.
 * On an image change with {@code backup.beforeUpgrade}, the Job also waits for the pre-upgrade Backup to complete
 * ({@link PreUpgradeBackup}); the Backup's status change is an event of its informer.
 */
public class DatabaseExists extends EnabledInSpec {
    @Override
    public boolean isMet(DependentResource<Object, LiteLLMGateway> dependent, LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        GatewayModel model = GatewayContext.model(context);
        return super.isMet(dependent, primary, context)
                && (!model.managedDatabase() || GatewayContext.secrets(primary, context).find(model.names().databaseAppSecret()).isPresent()
                        && bootstrapped(ObservedState.of(context)))
                && PreUpgradeBackup.decide(model, ObservedState.of(context)).allowsMigration();
    }

    /**
     * CloudNativePG creates the app Secret before the bootstrap (initdb, import or recovery) has run; it reports the
     * Cluster Ready only once the primary is up, after it. A new Job waits for that, so migrations never run against
     * a database still being imported or restored. A Job that exists stays (a false precondition would delete it),
     * so a later failover does not rerun migrations.
     */
    static boolean bootstrapped(ObservedState observed) {
        return observed.migration().isPresent() || observed.clusterReady();
    }
}
