package io.llmgw.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** LiteLLM litellm_settings (the cache section comes from spec.cache, callbacks also from spec.observability). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LitellmSettings {
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
    @Min(0)
    public Long tpmLimit;
    @Min(0)
    public Long rpmLimit;
    @JsonPropertyDescription("Proxy-wide budget in USD, e.g. \"1000\".")
    @Pattern("^[0-9]+(\\.[0-9]+)?$")
    public String maxBudget;
    @Pattern("^[0-9]+[smhd]$")
    @JsonPropertyDescription("Budget reset period, e.g. 30d.")
    public String budgetDuration;
    @Min(1)
    public Integer maxFileSizeMb;
    @JsonPropertyDescription("Anonymous usage telemetry to LiteLLM (default false).")
    public Boolean telemetry;
    @JsonPropertyDescription("Log in JSON (also sets JSON_LOGS).")
    public Boolean jsonLogs;

    @JsonPropertyDescription("Free-form extra litellm_settings; typed fields win.")
    public FreeForm extra;
}
