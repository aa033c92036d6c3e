package io.llmgw.operator.dependent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmgw.api.v1alpha1.BackupSpec;
import io.llmgw.api.v1alpha1.DatabaseSpec;
import io.llmgw.model.GatewayModel;

/**
 * The {@code bootstrap} and {@code externalClusters} sections of the CloudNativePG Cluster (field names checked
 * against CNPG 1.30 api/v1/cluster_types.go). Three forms: an empty {@code initdb}; {@code initdb.import} of one
 * database from a running Postgres (type microservice: pg_dump/pg_restore into LiteLLM's database, owned by its
 * user); {@code recovery} from a barman object store, optionally to a point in time. The source of the last two is
 * the external cluster {@value #ORIGIN}. Passwords and S3 keys stay in their Secrets: only references are written,
 * CloudNativePG reads them itself.
 */
public final class DatabaseBootstrap {
    /** The external cluster an import or a recovery reads from. */
    public static final String ORIGIN = "origin";

    private DatabaseBootstrap() {
    }

    /** Puts {@code bootstrap} (always) and {@code externalClusters} (import, recovery) into the Cluster spec. */
    public static void render(GatewayModel model, DatabaseSpec.CloudNativePG cnpg, Map<String, Object> spec) {
        DatabaseSpec.Bootstrap bootstrap = cnpg.bootstrap;
        boolean pgvector = Boolean.TRUE.equals(cnpg.pgvector);
        if (bootstrap != null && bootstrap.recovery != null) {
            DatabaseSpec.Recovery recovery = bootstrap.recovery;
            Map<String, Object> section = new LinkedHashMap<>();
            section.put("source", ORIGIN);
            section.put("database", DatabaseClusterDependent.DATABASE);
            section.put("owner", DatabaseClusterDependent.DATABASE);
            if (recovery.targetTime != null) {
                section.put("recoveryTarget", Map.of("targetTime", recovery.targetTime));
            }
            spec.put("bootstrap", Map.of("recovery", section));
            spec.put("externalClusters", List.of(recoveryOrigin(model, recovery)));
            return;
        }
        Map<String, Object> initdb = new LinkedHashMap<>();
        initdb.put("database", DatabaseClusterDependent.DATABASE);
        initdb.put("owner", DatabaseClusterDependent.DATABASE);
        if (pgvector) {
            initdb.put("postInitApplicationSQL", List.of(DatabaseClusterDependent.PGVECTOR_SQL));
        }
        if (bootstrap != null && bootstrap.importFrom != null) {
            DatabaseSpec.Import source = bootstrap.importFrom;
            Map<String, Object> imports = new LinkedHashMap<>();
            imports.put("type", "microservice");
            imports.put("databases", List.of(source.database));
            imports.put("source", Map.of("externalCluster", ORIGIN));
            if (pgvector) {
                // postInitApplicationSQL runs before the restore; the imported database needs it again.
                imports.put("postImportApplicationSQL", List.of(DatabaseClusterDependent.PGVECTOR_SQL));
            }
            initdb.put("import", imports);
            spec.put("externalClusters", List.of(importOrigin(source)));
        }
        spec.put("bootstrap", Map.of("initdb", initdb));
    }

    private static Map<String, Object> importOrigin(DatabaseSpec.Import source) {
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("host", source.host);
        connection.put("port", String.valueOf(source.port != null ? source.port : 5432));
        connection.put("dbname", source.database);
        connection.put("user", source.user);
        connection.put("sslmode", source.sslMode != null ? source.sslMode : "require");
        Map<String, Object> origin = new LinkedHashMap<>();
        origin.put("name", ORIGIN);
        origin.put("connectionParameters", connection);
        origin.put("password", BarmanConfiguration.ref(source.passwordSecretRef));
        return origin;
    }

    /**
     * The in-tree {@code barmanObjectStore} form. Extension point for the Barman Cloud plugin: a recovery through the
     * plugin replaces this section by {@code plugin: {name: barman-cloud.cloudnative-pg.io, parameters:
     * {barmanObjectName, serverName}}} on the same external cluster; {@code bootstrap.recovery} stays as it is.
     */
    private static Map<String, Object> recoveryOrigin(GatewayModel model, DatabaseSpec.Recovery recovery) {
        Map<String, Object> origin = new LinkedHashMap<>();
        origin.put("name", ORIGIN);
        origin.put("barmanObjectStore", objectStore(recovery, model.spec().backup, model.recoveryServerName(recovery)));
        return origin;
    }

    private static Map<String, Object> objectStore(DatabaseSpec.Recovery recovery, BackupSpec backup, String serverName) {
        boolean self = DatabaseSpec.Recovery.SELF.equals(recovery.source);
        String destinationPath = self ? backup.destinationPath : recovery.destinationPath;
        String endpointURL = self ? backup.endpointURL : recovery.endpointURL;
        BackupSpec.S3Credentials s3 = self ? backup.s3Credentials : recovery.s3Credentials;
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("destinationPath", destinationPath);
        if (endpointURL != null) {
            store.put("endpointURL", endpointURL);
        }
        store.put("s3Credentials", BarmanConfiguration.credentials(s3));
        store.put("serverName", serverName);
        return store;
    }
}
