package io.llmgw.api.v1alpha1;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;

/** Where the gateway's pods may run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SchedulingSpec {
    public Map<String, String> nodeSelector;
    public List<Toleration> tolerations;
    public Affinity affinity;
    @JsonPropertyDescription("Topology spread constraints; when empty and replicas > 1 the pods are spread across nodes.")
    public List<TopologySpreadConstraint> topologySpreadConstraints;
    public String priorityClassName;
}
