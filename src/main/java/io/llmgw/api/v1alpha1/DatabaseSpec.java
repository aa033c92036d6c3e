package io.llmgw.api.v1alpha1;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The Postgres database LiteLLM keeps keys, teams, budgets and spend in. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.type != 'External' || has(self.external)", message = "database.external is required when database.type is External")
@ValidationRule(value = "self.type == 'CloudNativePG' || !has(self.cloudNativePG) || !has(self.cloudNativePG.bootstrap)",
        message = "database.cloudNativePG.bootstrap requires database.type CloudNativePG")
public class DatabaseSpec {
    public static final String CLOUDNATIVEPG = "CloudNativePG";
    public static final String EXTERNAL = "External";
    public static final String NONE = "None";
    public static final String RETAIN = "Retain";
    public static final String DELETE = "Delete";

    @Default("None")
    @Pattern("^(CloudNativePG|External|None)$")
    @JsonPropertyDescription("CloudNativePG (a Cluster managed by the operator), External (URL from a Secret) or None.")
    public String type = NONE;

    @Default("Retain")
    @Pattern("^(Retain|Delete)$")
    @JsonPropertyDescription("What happens to the database and the generated keys when the gateway is deleted.")
    public String deletionPolicy = RETAIN;

    public CloudNativePG cloudNativePG;
    public External external;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "!(has(self.imageName) && has(self.imageCatalogRef))", message = "set at most one of imageName and imageCatalogRef")
    @ValidationRule(value = "!has(self.pgvectorImage) || (has(self.pgvector) && self.pgvector)", message = "pgvectorImage requires pgvector: true")
    public static class CloudNativePG {
        @Min(1)
        @Max(9)
        @Default("1")
        public Integer instances = 1;
        @JsonPropertyDescription("Postgres operand image. Default: the operator's pinned image.")
        public String imageName;
        public ImageCatalogRef imageCatalogRef;
        public Storage storage;
        public ResourceRequirements resources;
        @JsonPropertyDescription("postgresql.conf parameters, e.g. max_connections: \"100\".")
        public Map<String, String> parameters;
        @JsonPropertyDescription("Create the pgvector extension in the application database.")
        public Boolean pgvector;
        @JsonPropertyDescription("Image carrying pgvector, mounted by CloudNativePG as an ImageVolume extension (needs Kubernetes"
                + " 1.35+ or the ImageVolume feature gate, and Postgres 18+), e.g. ghcr.io/cloudnative-pg/pgvector:0.8.1-18-trixie."
                + " Unset: pgvector must already be in the Postgres image.")
        public String pgvectorImage;
        @ValidationRule(value = "self == oldSelf", message = "bootstrap cannot be changed once set: CloudNativePG reads it only when it"
                + " creates the Cluster and ignores later changes (remove it once the Cluster is up, or delete the Cluster to bootstrap again)")
        @JsonPropertyDescription("Start the new database from existing data: a logical import from another Postgres, or a"
                + " recovery from backups. Read only when the Cluster is created.")
        public Bootstrap bootstrap;
        public String priorityClassName;
        @JsonPropertyDescription("Create a PodMonitor for the Postgres pods when monitoring is enabled (default true).")
        public Boolean podMonitor;
    }

    /** Where the first data comes from (CloudNativePG {@code bootstrap.initdb.import} or {@code bootstrap.recovery}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    // "import" is a CEL keyword: Kubernetes exposes the property as __import__.
    @ValidationRule(value = "has(self.__import__) != has(self.recovery)", message = "bootstrap: set exactly one of import and recovery")
    public static class Bootstrap {
        @JsonProperty("import")
        @JsonPropertyDescription("Copy one database from a running Postgres (pg_dump/pg_restore by CloudNativePG).")
        public Import importFrom;
        @JsonPropertyDescription("Restore from a barman backup and its WAL archive, optionally to a point in time.")
        public Recovery recovery;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Import {
        @Required
        @Pattern("^[^\\s/?#@]+$")
        @JsonPropertyDescription("Host name or address of the Postgres to copy from.")
        public String host;
        @Min(1)
        @Max(65535)
        @Default("5432")
        public Integer port = 5432;
        @Required
        @JsonPropertyDescription("Database to copy (LiteLLM's database on the old server).")
        public String database;
        @Required
        @JsonPropertyDescription("User CloudNativePG connects as; it must be able to read the whole database.")
        public String user;
        @Required
        @JsonPropertyDescription("Secret key holding that user's password; CloudNativePG reads it, the operator never does.")
        public SecretKeyRef passwordSecretRef;
        @Default("require")
        @Pattern("^(disable|allow|prefer|require|verify-ca|verify-full)$")
        @JsonPropertyDescription("libpq sslmode of the connection.")
        public String sslMode = "require";
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "self.source != 'ObjectStore' || (has(self.destinationPath) && has(self.s3Credentials))",
            message = "recovery from source ObjectStore needs destinationPath and s3Credentials")
    @ValidationRule(value = "self.source != 'Self' || !(has(self.destinationPath) || has(self.endpointURL) || has(self.s3Credentials))",
            message = "recovery from source Self reads spec.backup's object store: leave destinationPath, endpointURL and s3Credentials unset")
    public static class Recovery {
        public static final String SELF = "Self";
        public static final String OBJECT_STORE = "ObjectStore";

        @Required
        @Pattern("^(Self|ObjectStore)$")
        @JsonPropertyDescription("Self: the object store of spec.backup; ObjectStore: another one, given here.")
        public String source;
        @Pattern("^s3://.+")
        public String destinationPath;
        public String endpointURL;
        public BackupSpec.S3Credentials s3Credentials;
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        @JsonPropertyDescription("Folder of the backed-up cluster under destinationPath: its Cluster name (or the serverName it"
                + " used). Default: this gateway's Cluster name, <gateway>-db.")
        public String serverName;
        @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
        @JsonPropertyDescription("Point in time to recover to (RFC 3339, e.g. 2026-05-04T10:00:00Z). Default: the end of the WAL archive.")
        public String targetTime;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ImageCatalogRef {
        @Pattern("^(ImageCatalog|ClusterImageCatalog)$")
        @Default("ClusterImageCatalog")
        public String kind = "ClusterImageCatalog";
        @Required
        public String name;
        @Required
        @Min(12)
        public Integer major;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Storage {
        @Pattern("^[0-9]+(Mi|Gi|Ti)$")
        @Default("10Gi")
        public String size = "10Gi";
        public String storageClass;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class External {
        @Required
        @JsonPropertyDescription("Secret key holding the postgresql:// URL.")
        public SecretKeyRef urlSecretRef;
    }
}
