package io.llmgw.operator.dependent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.llmgw.api.v1alpha1.BackupSpec;
import io.llmgw.api.v1alpha1.SecretKeyRef;

/**
 * barman-cloud's object store configuration ({@code BarmanObjectStoreConfiguration} of
 * github.com/cloudnative-pg/barman-cloud): the same fields under the Cluster's in-tree
 * {@code spec.backup.barmanObjectStore} and under the plugin ObjectStore's {@code spec.configuration}, so both
 * methods write to the store identically.
 */
final class BarmanConfiguration {
    /** What base backup (data) compression accepts; WAL compression also takes xz and zstd. */
    private static final Set<String> DATA_COMPRESSIONS = Set.of("bzip2", "gzip", "lz4", "snappy");

    private BarmanConfiguration() {
    }

    static Map<String, Object> of(BackupSpec backup) {
        String walCompression = backup.walCompression != null ? backup.walCompression : "gzip";
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("destinationPath", backup.destinationPath);
        if (backup.endpointURL != null) {
            store.put("endpointURL", backup.endpointURL);
        }
        store.put("s3Credentials", credentials(backup.s3Credentials));
        store.put("wal", Map.of("compression", walCompression));
        // Base backups accept fewer algorithms than WAL: xz and zstd fall back to gzip there.
        store.put("data", Map.of("compression", DATA_COMPRESSIONS.contains(walCompression) ? walCompression : "gzip"));
        return store;
    }

    static String retentionPolicy(BackupSpec backup) {
        return backup.retentionPolicy != null ? backup.retentionPolicy : "7d";
    }

    /** The S3 credentials as Secret key references: CloudNativePG and the plugin read the values, the operator does not. */
    static Map<String, Object> credentials(BackupSpec.S3Credentials s3) {
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("accessKeyId", ref(s3.accessKeyId));
        credentials.put("secretAccessKey", ref(s3.secretAccessKey));
        if (s3.region != null) {
            credentials.put("region", ref(s3.region));
        }
        return credentials;
    }

    static Map<String, Object> ref(SecretKeyRef ref) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", ref.name);
        result.put("key", ref.key);
        return result;
    }
}
