package io.llmgw.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;

/** The LiteLLM container image. Omitted fields take the operator's pinned default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImageSpec {
    @JsonPropertyDescription("Image repository. Default: the operator's pinned LiteLLM image.")
    public String repository;

    @JsonPropertyDescription("Image tag, e.g. 1.84.0. Known-compromised or vulnerable versions are refused.")
    public String tag;

    @Pattern("^sha256:[a-f0-9]{64}$")
    @JsonPropertyDescription("Image digest (sha256:...). When set the image is pinned by digest.")
    public String digest;

    @Pattern("^(Always|IfNotPresent|Never)$")
    @JsonPropertyDescription("Image pull policy: Always, IfNotPresent or Never.")
    public String pullPolicy;

    @JsonPropertyDescription("Names of image pull Secrets in the gateway's namespace.")
    public List<String> pullSecrets;
}
