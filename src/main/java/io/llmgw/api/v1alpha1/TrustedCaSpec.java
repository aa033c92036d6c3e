package io.llmgw.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Extra certificate authorities the proxy trusts for outbound TLS (providers behind a TLS-inspecting proxy, an
 * internal model server, a private Langfuse). They are added to the public roots, not put in their place.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.configMap) != has(self.secret)", message = "set exactly one of configMap and secret")
public class TrustedCaSpec {
    @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
    @Size(max = 253)
    @JsonPropertyDescription("ConfigMap holding the PEM certificates (e.g. one trust-manager writes).")
    public String configMap;
    @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
    @Size(max = 253)
    @JsonPropertyDescription("Secret holding the PEM certificates; a change rolls the pods.")
    public String secret;
    @Pattern("^[-._a-zA-Z0-9]{1,253}$")
    @Default("ca.crt")
    @JsonPropertyDescription("Key of the PEM bundle in the ConfigMap or Secret.")
    public String key = "ca.crt";
}
