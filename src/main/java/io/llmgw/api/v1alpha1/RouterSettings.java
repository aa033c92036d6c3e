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
    @Pattern("^(simple-shuffle|least-busy|usage-based-routing|usage-based-routing-v2|latency-based-routing|cost-based-routing)$")
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

    @Size(max = 64)
    @JsonPropertyDescription("Fallbacks on errors: when model fails, try the listed models in order.")
    public List<Fallback> fallbacks;
    @Size(max = 64)
    public List<Fallback> contextWindowFallbacks;
    @Size(max = 64)
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
        @Size(min = 1, max = 16)
        public List<@Size(max = 128) String> to; // model names (at most 128 long); bounded for CEL cost estimation
    }
}
