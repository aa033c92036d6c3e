package io.llmgw.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * One model deployment in LiteLLM's model_list. Several entries may share a name: a model group, which LiteLLM
 * load-balances (weight, rpm/tpm, routing strategy) and fails over within; each entry then needs its own id.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.apiKey) || !has(self.apiKey.value)", message = "apiKey must come from a Secret (secretKeyRef), never a plain value")
public class ModelSpec {
    // Patterns and limits of the schema, shared with the importer so both refuse the same values.
    public static final String NAME_PATTERN = "^[^\\s]+$";
    public static final int NAME_MAX = 128;
    public static final String MODEL_PATTERN = "^[A-Za-z0-9_.-]+/.+$";
    public static final int MODEL_MAX = 256;
    public static final String ID_PATTERN = "^[A-Za-z0-9][-_.A-Za-z0-9]*$";
    public static final int ID_MAX = 64;
    public static final String MODE_PATTERN =
            "^(chat|completion|embedding|image_generation|audio_transcription|audio_speech|rerank|realtime|responses|moderation|batch)$";

    @Required
    @Size(min = 1, max = NAME_MAX)
    @Pattern(NAME_PATTERN)
    @JsonPropertyDescription("Public model name clients ask for (model_name). Entries sharing a name form a group of deployments.")
    public String name;

    @Required
    @Size(min = 3, max = MODEL_MAX)
    @Pattern(MODEL_PATTERN)
    @JsonPropertyDescription("Provider model, provider/name, e.g. azure/gpt-4.1 (litellm_params.model).")
    public String model;

    @Size(max = 63)
    @JsonPropertyDescription("Name of an entry of spec.credentials (litellm_credential_name).")
    public String credential;

    @JsonPropertyDescription("Model-specific API key (from a Secret); overrides the credential's.")
    public ValueSource apiKey;
    public ValueSource apiBase;
    public ValueSource apiVersion;

    @Size(max = ID_MAX)
    @Pattern(ID_PATTERN)
    @JsonPropertyDescription("Stable deployment id (model_info.id), unique in the gateway. Required when several entries share a name;"
            + " LiteLLM keys cooldowns and usage by it. Default for a name used once: derived from the name.")
    public String id;

    @Pattern(MODE_PATTERN)
    @JsonPropertyDescription("Model mode (model_info.mode), used by health checks and routing.")
    public String mode;

    @JsonPropertyDescription("Base model for cost tracking (model_info.base_model).")
    public String baseModel;

    @Min(0)
    @JsonPropertyDescription("Requests per minute this deployment takes (litellm_params.rpm): a limit under usage-based-routing-v2,"
            + " a relative weight under simple-shuffle when no deployment of the group sets weight.")
    public Long rpm;
    @Min(0)
    @JsonPropertyDescription("Tokens per minute this deployment takes (litellm_params.tpm); like rpm.")
    public Long tpm;

    @Min(0)
    @JsonPropertyDescription("Relative share of its group's traffic under simple-shuffle (litellm_params.weight); 0 takes none while"
            + " another deployment is healthy.")
    public Integer weight;

    @Min(0)
    @JsonPropertyDescription("Priority within its group (litellm_params.order): LiteLLM sends to the healthy deployments of the lowest"
            + " order only, the next order when all of those are cooled down.")
    public Integer order;
    @Min(1)
    public Integer maxTokens;
    @Min(1)
    @JsonPropertyDescription("Request timeout in seconds.")
    public Integer timeout;
    @Min(1)
    public Integer streamTimeout;
    @Min(0)
    public Integer maxRetries;

    @JsonPropertyDescription("Access groups this model belongs to (model_info.access_groups).")
    public List<String> accessGroups;

    @JsonPropertyDescription("Routing tags (litellm_params.tags), used with tag filtering.")
    public List<String> tags;

    @JsonPropertyDescription("Turn LiteLLM's background health check off for this model (audio, realtime, TTS...).")
    public Boolean disableBackgroundHealthCheck;

    @JsonPropertyDescription("Where to inject Anthropic-style prompt caching markers.")
    public List<CacheControlInjectionPoint> cacheControlInjectionPoints;

    @JsonPropertyDescription("Extended thinking for reasoning models.")
    public Thinking thinking;

    public Boolean mergeReasoningContentInChoices;

    @JsonPropertyDescription("Free-form extra litellm_params. Typed fields win; use os.environ/ for secrets.")
    public FreeForm litellmParams;

    @JsonPropertyDescription("Free-form extra model_info.")
    public FreeForm modelInfo;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class CacheControlInjectionPoint {
        public static final String LOCATION = "message";
        public static final String ROLE_PATTERN = "^(system|user|assistant|tool)$";

        @Pattern("^" + LOCATION + "$")
        public String location = LOCATION;
        @Pattern(ROLE_PATTERN)
        public String role;
        public Integer index;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Thinking {
        public static final String TYPE_PATTERN = "^(enabled|disabled)$";
        public static final int BUDGET_TOKENS_MIN = 1024;

        @Pattern(TYPE_PATTERN)
        public String type = "enabled";
        @Min(BUDGET_TOKENS_MIN)
        public Integer budgetTokens;
    }
}
