package io.llmgw.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.kubernetes.api.model.Condition;

/** Observed state, following kstatus: observedGeneration plus Ready/Reconciling/Stalled and component conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LiteLLMGatewayStatus {
    public Long observedGeneration;
    public List<Condition> conditions = new ArrayList<>();
    @JsonPropertyDescription("In-cluster URL of the gateway.")
    public String url;
    @JsonPropertyDescription("External URL from the route, when there is one.")
    public String externalUrl;
    @JsonPropertyDescription("Number of models in the rendered config.")
    public Integer models;
    @JsonPropertyDescription("Database summary, e.g. cnpg 3/3, external, none.")
    public String database;
    @JsonPropertyDescription("Cache summary, e.g. dragonfly, redis, none.")
    public String cache;
    @JsonPropertyDescription("Hash of the rendered config and referenced Secrets, as on the pod template.")
    public String configHash;
    @JsonPropertyDescription("Image the LiteLLM Deployment runs.")
    public String image;
    public Integer replicas;
    public Integer readyReplicas;
}
