package io.llmgw.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** Presidio analyzer and anonymizer as sidecars, reached on localhost through PRESIDIO_*_API_BASE. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PresidioSpec {
    public boolean enabled;
    @JsonPropertyDescription("Analyzer image. Default: the operator's pinned image.")
    public String analyzerImage;
    @JsonPropertyDescription("Anonymizer image. Default: the operator's pinned image.")
    public String anonymizerImage;
    public ResourceRequirements analyzerResources;
    public ResourceRequirements anonymizerResources;
}
