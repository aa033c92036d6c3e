package io.llmgw.api.v1alpha1;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** The Service in front of the LiteLLM pods (port 4000). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceSpec {
    @Default("ClusterIP")
    @Pattern("^(ClusterIP|NodePort|LoadBalancer)$")
    public String type = "ClusterIP";
    public Map<String, String> annotations;
}
