package io.llmgw.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Files from a ConfigMap or Secret, mounted read-only into the LiteLLM container: prompt files (.prompt) for a
 * prompt_directory, custom guardrail or callback modules, certificates a provider needs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.configMap) != has(self.secret)", message = "set exactly one of configMap and secret")
@ValidationRule(value = "!(self.mountPath in ['/', '/etc', '/app', '/tmp', '/.cache', '/.npm', '/etc/litellm', '/etc/llmgw'])"
        + " && !['/tmp/', '/.cache/', '/.npm/', '/etc/litellm/', '/etc/llmgw/'].exists(p, self.mountPath.startsWith(p))",
        message = "mountPath must not be /, /etc or /app, nor /tmp, /.cache, /.npm, /etc/litellm, /etc/llmgw or under them (the operator's own mounts)")
public class FileMountSpec {
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]{0,48}[a-z0-9])?$")
    @Size(max = 50) // bounds the cost of the CEL rules that compare names and paths
    @JsonPropertyDescription("Name of the mount (the pod volume is files-<name>).")
    public String name;
    @Required
    @Pattern("^/[^:]*$")
    @Size(max = 256)
    @JsonPropertyDescription("Absolute directory the files appear in, e.g. /etc/prompts.")
    public String mountPath;
    @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
    @Size(max = 253)
    public String configMap;
    @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
    @Size(max = 253)
    public String secret;
}
