package io.llmgw.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Continuous backup of the managed CloudNativePG database to an S3-compatible object store. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupSpec {
    /** CloudNativePG's in-tree {@code spec.backup.barmanObjectStore}, deprecated since CloudNativePG 1.26. */
    public static final String BARMAN_OBJECT_STORE = "BarmanObjectStore";
    /** The Barman Cloud plugin ({@code barman-cloud.cloudnative-pg.io}) with its {@code ObjectStore} resource. */
    public static final String BARMAN_CLOUD_PLUGIN = "BarmanCloudPlugin";

    @Default(BARMAN_OBJECT_STORE)
    @Pattern("^(BarmanObjectStore|BarmanCloudPlugin)$")
    @JsonPropertyDescription("How CloudNativePG writes base backups and WAL: BarmanObjectStore (the Cluster's in-tree "
            + "barmanObjectStore, deprecated since CloudNativePG 1.26, kept for clusters without the plugin) or BarmanCloudPlugin "
            + "(an ObjectStore <cluster>-store used by the Barman Cloud plugin, which must be installed).")
    public String method = BARMAN_OBJECT_STORE;

    @Default("true")
    @JsonPropertyDescription("Take an on-demand Backup <cluster>-pre-upgrade-<hash> when the LiteLLM image changes, and run "
            + "the new image's schema migrations only once it completed. Not on a first install.")
    public Boolean beforeUpgrade = true;

    @Required
    @Pattern("^s3://.+")
    @JsonPropertyDescription("Destination, e.g. s3://litellm-backups/gateway.")
    public String destinationPath;

    @JsonPropertyDescription("S3 endpoint URL for non-AWS stores, e.g. http://rustfs.storage.svc.cluster.local:9000.")
    public String endpointURL;

    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("Folder under destinationPath for this gateway's backups. Default: the Cluster name, <gateway>-db."
            + " Give a new one when the gateway restores from its own backups (CloudNativePG never archives into a used folder).")
    public String serverName;

    @Required
    public S3Credentials s3Credentials;

    @Default("gzip")
    @Pattern("^(gzip|bzip2|snappy|lz4|xz|zstd)$")
    public String walCompression = "gzip";

    @Default("7d")
    @Pattern("^[1-9][0-9]*[dwm]$")
    @JsonPropertyDescription("How long backups are kept, e.g. 7d, 4w, 3m.")
    public String retentionPolicy = "7d";

    @Default("0 0 2 * * *")
    @JsonPropertyDescription("ScheduledBackup cron schedule with seconds (six fields), e.g. \"0 0 2 * * *\".")
    @Pattern("^[0-9*?,/LW#A-Za-z-]+( [0-9*?,/LW#A-Za-z-]+){5}$")
    public String schedule = "0 0 2 * * *";

    public boolean usesPlugin() {
        return BARMAN_CLOUD_PLUGIN.equals(method);
    }

    public boolean backsUpBeforeUpgrade() {
        return !Boolean.FALSE.equals(beforeUpgrade);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class S3Credentials {
        @Required
        public SecretKeyRef accessKeyId;
        @Required
        public SecretKeyRef secretAccessKey;
        public SecretKeyRef region;
    }
}
