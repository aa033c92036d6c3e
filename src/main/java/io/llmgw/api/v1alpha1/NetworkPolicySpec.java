package io.llmgw.api.v1alpha1;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Who may reach the gateway and where the gateway may connect. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkPolicySpec {
    @JsonPropertyDescription("Create a Kubernetes NetworkPolicy for the gateway pods.")
    public boolean enabled;

    @JsonPropertyDescription("Namespaces (by name) allowed to call the gateway, besides its own; e.g. the Gateway API controller's.")
    public List<String> ingressNamespaces;

    @JsonPropertyDescription("Extra pod labels (in any allowed namespace) allowed to call the gateway.")
    public Map<String, String> ingressPodLabels;

    @JsonPropertyDescription("Namespace Prometheus scrapes from (default monitoring).")
    public String prometheusNamespace;

    public Cilium cilium;

    /** A CiliumNetworkPolicy that locks egress to the providers' hostnames. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Cilium {
        public boolean enabled;
        @JsonPropertyDescription("Extra allowed FQDNs or patterns, e.g. *.openai.azure.com or api.anthropic.com.")
        public List<@Pattern("^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$") String> egressFQDNs;
        @JsonPropertyDescription("TCP ports allowed to those FQDNs (default [443]).")
        public List<@Min(1) @Max(65535) Integer> egressPorts;
    }
}
