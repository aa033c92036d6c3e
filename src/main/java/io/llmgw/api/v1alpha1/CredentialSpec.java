package io.llmgw.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A named provider credential, rendered into LiteLLM's credential_list. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.apiKey) || !has(self.apiKey.value)", message = "apiKey must come from a Secret (secretKeyRef), never a plain value")
public class CredentialSpec {
    public static final String NAME_PATTERN = "^[a-zA-Z0-9][-_a-zA-Z0-9]{0,62}$";

    @Required
    @Pattern(NAME_PATTERN)
    @Size(max = 63) // same bound as the pattern, stated so the API server can cost the CEL rules comparing names
    @JsonPropertyDescription("Credential name, referenced by models.")
    public String name;

    @JsonPropertyDescription("Provider API key (from a Secret).")
    public ValueSource apiKey;

    @JsonPropertyDescription("Provider endpoint, e.g. https://my-instance.openai.azure.com.")
    public ValueSource apiBase;

    @JsonPropertyDescription("Provider API version, e.g. 2024-10-21 (Azure).")
    public ValueSource apiVersion;

    @JsonPropertyDescription("Free-form credential_info (description, custom_llm_provider...). No secrets here.")
    public FreeForm info;
}
