package io.llmgw.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** LiteLLM router_settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RouterSettings {
    public static final String ROUTING_STRATEGY_PATTERN =
            "^(simple-shuffle|least-busy|usage-based-routing|usage-based-routing-v2|latency-based-routing|cost-based-routing)$";
    public static final int FALLBACKS_MAX = 64;
    public static final int FALLBACK_TO_MAX = 16;

    @Pattern(ROUTING_STRATEGY_PATTERN)
    public String routingStrategy;
    @Min(1)
    @JsonPropertyDescription("Default request timeout in seconds.")
    public Integer timeout;
    @Min(1)
    public Integer streamTimeout;
    @Min(0)
    public Integer numRetries;
    public RetryPolicy retryPolicy;
    @Min(0)
    public Integer allowedFails;
    @Min(0)
    @JsonPropertyDescription("Seconds a failing deployment stays cooled down.")
    public Integer cooldownTime;
    public Boolean disableCooldowns;
    public Boolean enablePreCallChecks;
    public Boolean enableTagFiltering;

    @Size(max = FALLBACKS_MAX)
    @JsonPropertyDescription("Fallbacks on errors: when model fails, try the listed models in order.")
    public List<Fallback> fallbacks;
    @Size(max = FALLBACKS_MAX)
    public List<Fallback> contextWindowFallbacks;
    @Size(max = FALLBACKS_MAX)
    public List<Fallback> contentPolicyFallbacks;

    @JsonPropertyDescription("Free-form extra router_settings; typed fields win.")
    public FreeForm extra;

    /** Retries per error class (LiteLLM RetryPolicy). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class RetryPolicy {
        @Min(0)
        public Integer authenticationErrorRetries;
        @Min(0)
        public Integer timeoutErrorRetries;
        @Min(0)
        public Integer rateLimitErrorRetries;
        @Min(0)
        public Integer contentPolicyViolationErrorRetries;
        @Min(0)
        public Integer internalServerErrorRetries;
        @Min(0)
        public Integer badRequestErrorRetries;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Fallback {
        @Required
        @Size(max = 128)
        public String model;
        @Required
        @Size(min = 1, max = FALLBACK_TO_MAX)
        public List<@Size(max = 128) String> to; // model names (at most 128 long); bounded for CEL cost estimation
    }
}
