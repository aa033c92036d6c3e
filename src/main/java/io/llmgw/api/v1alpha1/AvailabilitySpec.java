package io.llmgw.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/** PodDisruptionBudget and HorizontalPodAutoscaler for the LiteLLM Deployment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AvailabilitySpec {
    public PodDisruptionBudget podDisruptionBudget;
    public Autoscaling autoscaling;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "!(has(self.minAvailable) && has(self.maxUnavailable))", message = "set at most one of minAvailable and maxUnavailable")
    public static class PodDisruptionBudget {
        @JsonPropertyDescription("Create a PodDisruptionBudget (default maxUnavailable 1).")
        public boolean enabled;
        public IntOrString minAvailable;
        public IntOrString maxUnavailable;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas", message = "minReplicas must not exceed maxReplicas")
    public static class Autoscaling {
        public boolean enabled;
        @Min(1)
        public Integer minReplicas;
        @Min(1)
        public Integer maxReplicas;
        @Min(1)
        @JsonPropertyDescription("Target average CPU utilisation in percent (default 70).")
        public Integer targetCPUUtilizationPercentage;
        @Min(1)
        public Integer targetMemoryUtilizationPercentage;
    }
}
