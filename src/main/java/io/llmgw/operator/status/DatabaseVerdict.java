package io.llmgw.operator.status;

import static io.llmgw.api.v1alpha1.ConditionTypes.DATABASE_READY;

import java.util.Optional;
import java.util.Set;

import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.api.v1alpha1.DatabaseSpec;
import io.llmgw.model.GatewayModel;
import io.llmgw.operator.state.ObservedState;
import io.llmgw.operator.state.OptionalApi;

/** DatabaseReady: the managed CloudNativePG Cluster's state; an external database is not probed. */
final class DatabaseVerdict {
    private DatabaseVerdict() {
    }

    static ComponentVerdict of(GatewayModel model, ObservedState observed, Set<OptionalApi> missingCrds) {
        if (!model.hasDatabase()) {
            return ComponentVerdict.serves(DATABASE_READY, ConditionReason.NOT_REQUIRED, "no database configured");
        }
        if (!model.managedDatabase()) {
            return ComponentVerdict.serves(DATABASE_READY, ConditionReason.EXTERNAL,
                    "external database from a Secret (not probed by the operator)");
        }
        Optional<ComponentVerdict> crdMissing = OptionalApiVerdict.crdMissing(DATABASE_READY, model, missingCrds);
        if (crdMissing.isPresent()) {
            return crdMissing.get();
        }
        String cluster = "CloudNativePG cluster " + model.names().database();
        if (observed.clusterReady()) {
            return ComponentVerdict.serves(DATABASE_READY, ConditionReason.CLUSTER_READY,
                    cluster + " ready (" + observed.clusterInstances() + " instances)");
        }
        Optional<String> bootstrap = bootstrapStep(model);
        if (bootstrap.isPresent() && observed.clusterBootstrapping()) {
            return ComponentVerdict.waits(DATABASE_READY, ConditionReason.BOOTSTRAPPING,
                    cluster + " is bootstrapping: " + bootstrap.get() + "; the migration Job waits until it is ready");
        }
        return ComponentVerdict.waits(DATABASE_READY, ConditionReason.CLUSTER_NOT_READY, cluster + " not ready yet");
    }

    /** status.database: none, external, or cnpg with its instances. */
    static String summary(GatewayModel model, ObservedState observed, Set<OptionalApi> missingCrds) {
        if (!model.hasDatabase()) {
            return "none";
        }
        if (!model.managedDatabase()) {
            return "external";
        }
        return missingCrds.contains(OptionalApi.CNPG_CLUSTER) ? "cnpg (not installed)" : "cnpg " + observed.clusterInstances();
    }

    /** What the Cluster's bootstrap does, in words (no Secret value: host, database, user and folders only). */
    private static Optional<String> bootstrapStep(GatewayModel model) {
        var db = model.spec().database;
        var bootstrap = db != null && db.cloudNativePG != null ? db.cloudNativePG.bootstrap : null;
        if (bootstrap == null) {
            return Optional.empty();
        }
        if (bootstrap.importFrom != null) {
            var source = bootstrap.importFrom;
            return Optional.of("import of database " + source.database + " from " + source.host + ":" + (source.port != null ? source.port : 5432)
                    + " as user " + source.user);
        }
        var recovery = bootstrap.recovery;
        if (recovery == null) {
            return Optional.empty();
        }
        String path = DatabaseSpec.Recovery.SELF.equals(recovery.source) && model.spec().backup != null
                ? model.spec().backup.destinationPath : recovery.destinationPath;
        String server = model.recoveryServerName(recovery);
        return Optional.of("recovery from the backups of " + server + " in " + path
                + (recovery.targetTime != null ? " to " + recovery.targetTime : " to the end of the WAL archive"));
    }
}
