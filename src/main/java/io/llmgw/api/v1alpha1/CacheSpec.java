package io.llmgw.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** Response cache and shared rate-limit state: a managed Dragonfly, an external Redis, or none. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.type != 'Redis' || has(self.redis)", message = "cache.redis is required when cache.type is Redis")
public class CacheSpec {
    public static final String DRAGONFLY = "Dragonfly";
    public static final String REDIS = "Redis";
    public static final String NONE = "None";
    public static final String MODE_PATTERN = "^(default_on|default_off)$";
    public static final String NAMESPACE_PATTERN = "^[A-Za-z0-9_.:-]+$";

    @Default("None")
    @Pattern("^(Dragonfly|Redis|None)$")
    @JsonPropertyDescription("Dragonfly (managed by the operator), Redis (external) or None.")
    public String type = NONE;

    public Dragonfly dragonfly;
    public Redis redis;

    @Min(1)
    @JsonPropertyDescription("Cache entry time to live in seconds.")
    public Integer ttl;
    @Pattern(MODE_PATTERN)
    @JsonPropertyDescription("default_on caches every call; default_off only when a request asks.")
    public String mode;
    @JsonPropertyDescription("Call types to cache, e.g. [acompletion, aembedding].")
    public List<String> supportedCallTypes;
    @Pattern(NAMESPACE_PATTERN)
    @JsonPropertyDescription("Key prefix of the response cache and the router's shared state (cooldowns, usage), useful when"
            + " several gateways share one Redis.")
    public String namespace;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Dragonfly {
        @JsonPropertyDescription("Dragonfly image. Default: the operator's pinned Dragonfly image.")
        public String image;
        @Min(1)
        @Max(64)
        @JsonPropertyDescription("Dragonfly proactor threads (default 2).")
        public Integer threads;
        @Pattern("^[0-9]+(Ki|Mi|Gi|Ti)?$")
        @JsonPropertyDescription("Dragonfly --maxmemory, e.g. 512Mi (default: derived from the memory limit).")
        public String maxMemory;
        public ResourceRequirements resources;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Redis {
        @Required
        public String host;
        @Min(1)
        @Max(65535)
        @Default("6379")
        public Integer port = 6379;
        public SecretKeyRef passwordSecretRef;
        @JsonPropertyDescription("Connect with TLS (rediss).")
        public Boolean tls;
    }
}
