package io.llmgw.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.ValidationRule;

/** A setting given either as a plain value or read from a Secret key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.value) != has(self.secretKeyRef)", message = "set exactly one of value or secretKeyRef")
public class ValueSource {
    @JsonPropertyDescription("Plain value (never use this for keys or tokens).")
    public String value;

    @JsonPropertyDescription("Secret key holding the value; it reaches LiteLLM as an environment variable.")
    public SecretKeyRef secretKeyRef;

    public static ValueSource plain(String value) {
        ValueSource v = new ValueSource();
        v.value = value;
        return v;
    }

    public static ValueSource secret(String name, String key) {
        ValueSource v = new ValueSource();
        v.secretKeyRef = new SecretKeyRef(name, key);
        return v;
    }
}
