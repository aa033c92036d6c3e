package io.llmgw.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** LiteLLM litellm_settings (the cache section comes from spec.cache, callbacks also from spec.observability). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LitellmSettings {
    public static final String BUDGET_DURATION_PATTERN = "^[0-9]+[smhd]$";

    @JsonPropertyDescription("Do not log prompts and responses.")
    public Boolean turnOffMessageLogging;
    public Boolean redactUserApiKeyInfo;
    public Boolean redactMessagesInExceptions;
    public Boolean dropParams;
    @JsonPropertyDescription("Extra callbacks, e.g. [prometheus]; observability adds its own.")
    public List<String> callbacks;
    public List<String> successCallbacks;
    public List<String> failureCallbacks;
    public List<String> serviceCallbacks;
    @Min(1)
    @JsonPropertyDescription("Request timeout in seconds.")
    public Integer requestTimeout;
    // Kept in the schema so a spec that sets them is refused (a removed field would be pruned, i.e. silently dropped).
    @Min(0)
    @JsonPropertyDescription("Refused (reason ProxyWideLimitUnsupported): LiteLLM has no proxy-wide TPM limit and does not read"
            + " litellm_settings.tpm_limit. Limit models (models[].tpm) or keys and teams instead.")
    public Long tpmLimit;
    @Min(0)
    @JsonPropertyDescription("Refused (reason ProxyWideLimitUnsupported): LiteLLM has no proxy-wide RPM limit and does not read"
            + " litellm_settings.rpm_limit. Limit models (models[].rpm) or keys and teams instead.")
    public Long rpmLimit;
    @JsonPropertyDescription("Proxy-wide budget in USD, e.g. \"1000\".")
    @Pattern("^[0-9]+(\\.[0-9]+)?$")
    public String maxBudget;
    @Pattern(BUDGET_DURATION_PATTERN)
    @JsonPropertyDescription("Budget reset period, e.g. 30d.")
    public String budgetDuration;
    @Min(1)
    public Integer maxFileSizeMb;
    @JsonPropertyDescription("Allow LiteLLM's usage telemetry (default false: the proxy gets LITELLM_TELEMETRY_DISABLED=true,"
            + " which no setting saved in the admin UI overrides).")
    public Boolean telemetry;
    @JsonPropertyDescription("Log in JSON (also sets JSON_LOGS).")
    public Boolean jsonLogs;

    @JsonPropertyDescription("Free-form extra litellm_settings; typed fields win.")
    public FreeForm extra;
}
