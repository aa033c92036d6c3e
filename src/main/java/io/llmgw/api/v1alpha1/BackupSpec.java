package io.llmgw.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Continuous backup of the managed CloudNativePG database to an S3-compatible object store. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupSpec {
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

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class S3Credentials {
        @Required
        public SecretKeyRef accessKeyId;
        @Required
        public SecretKeyRef secretAccessKey;
        public SecretKeyRef region;
    }
}
