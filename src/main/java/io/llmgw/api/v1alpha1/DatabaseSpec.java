package io.llmgw.api.v1alpha1;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
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
        public String priorityClassName;
        @JsonPropertyDescription("Create a PodMonitor for the Postgres pods when monitoring is enabled (default true).")
        public Boolean podMonitor;
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
