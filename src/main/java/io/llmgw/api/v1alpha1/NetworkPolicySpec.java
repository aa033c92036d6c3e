package io.llmgw.api.v1alpha1;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Who may reach the gateway and where the gateway may connect. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkPolicySpec {
    /** A DNS name or a *. pattern, lowercase (what Cilium's matchName / matchPattern accept, less the bare "*"). */
    public static final String FQDN = "^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$";
    /** An IPv4 or IPv6 CIDR; the octets' range is checked by the operator (NetworkSection). */
    public static final String CIDR = "^(([0-9]{1,3}\\.){3}[0-9]{1,3}/([0-9]|[12][0-9]|3[0-2])|[0-9a-fA-F:]*:[0-9a-fA-F:]*/([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8]))$";

    @JsonPropertyDescription("Create a Kubernetes NetworkPolicy for the gateway pods.")
    public boolean enabled;

    @JsonPropertyDescription("Namespaces (by name) allowed to call the gateway, besides its own; e.g. the Gateway API controller's.")
    public List<String> ingressNamespaces;

    @JsonPropertyDescription("When set, only pods with these labels in ingressNamespaces may call the gateway (default: every pod there).")
    public Map<String, String> ingressPodLabels;

    @JsonPropertyDescription("When set, only pods with these labels in the gateway's own namespace may call it (default: every pod there).")
    public Map<String, String> sameNamespacePodLabels;

    @JsonPropertyDescription("When set, only pods with these labels (the Gateway data plane, e.g. gateway.networking.k8s.io/gateway-name: external) in the route's parent Gateway namespaces may call the gateway (default: every pod there).")
    public Map<String, String> gatewayPodLabels;

    @Size(max = 16)
    @JsonPropertyDescription("Further callers admitted to the API port, each a namespace and optionally the labels of its pods, e.g. an Envoy Gateway data plane in its controller's namespace: {namespace: envoy-gateway-system, podLabels: {gateway.envoyproxy.io/owning-gateway-name: external}}.")
    public List<IngressPeer> ingressFrom;

    @JsonPropertyDescription("Namespace Prometheus scrapes from (default monitoring).")
    public String prometheusNamespace;

    @JsonPropertyDescription("When set, only pods with these labels (e.g. app.kubernetes.io/name: prometheus) in prometheusNamespace may scrape (default: every pod there).")
    public Map<String, String> prometheusPodLabels;

    @Size(max = 64)
    @JsonPropertyDescription("Destinations the operator cannot derive from the spec (a host only in an env var, a callback's service, an MCP server's own connections): each an fqdn or a cidr with TCP ports. Cilium allows an fqdn by name; a standard NetworkPolicy cannot match names and opens its ports to every address.")
    public List<EgressRule> extraEgress;

    public Cilium cilium;

    /** Pods of one namespace admitted to the API port; unlike ingressPodLabels, the labels apply to this namespace alone. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class IngressPeer {
        @Required
        @Size(max = 63)
        @Pattern(IngressSpec.DNS_LABEL)
        @JsonPropertyDescription("Namespace (by name) of the callers.")
        public String namespace;

        @JsonPropertyDescription("When set, only pods with these labels in namespace (default: every pod there).")
        public Map<String, String> podLabels;

        public IngressPeer() {
        }

        public static IngressPeer of(String namespace, Map<String, String> podLabels) {
            IngressPeer p = new IngressPeer();
            p.namespace = namespace;
            p.podLabels = podLabels;
            return p;
        }
    }

    /** One extra egress destination: a DNS name (or *. pattern) or a CIDR, on TCP ports. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "has(self.fqdn) != has(self.cidr)", message = "set exactly one of fqdn or cidr")
    public static class EgressRule {
        @Size(max = 253)
        @Pattern(FQDN)
        @JsonPropertyDescription("DNS name or pattern, e.g. hooks.slack.com or *.langfuse.com.")
        public String fqdn;

        @Size(max = 43)
        @Pattern(CIDR)
        @JsonPropertyDescription("Address range, e.g. 10.20.0.0/16 (outside the cluster: Cilium does not match pod addresses by CIDR).")
        public String cidr;

        @Required
        @Size(min = 1, max = 16)
        @JsonPropertyDescription("TCP ports, e.g. [443].")
        public List<@Min(1) @Max(65535) Integer> ports;

        public EgressRule() {
        }

        public static EgressRule fqdn(String fqdn, Integer... ports) {
            EgressRule r = new EgressRule();
            r.fqdn = fqdn;
            r.ports = List.of(ports);
            return r;
        }

        public static EgressRule cidr(String cidr, Integer... ports) {
            EgressRule r = new EgressRule();
            r.cidr = cidr;
            r.ports = List.of(ports);
            return r;
        }
    }

    /** A CiliumNetworkPolicy that locks egress to the providers' hostnames. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Cilium {
        public boolean enabled;
        @JsonPropertyDescription("Extra allowed provider FQDNs or patterns, e.g. *.openai.azure.com or api.anthropic.com, on egressPorts.")
        public List<@Pattern(FQDN) String> egressFQDNs;
        @JsonPropertyDescription("TCP ports allowed to the provider hosts (derived and egressFQDNs; default [443]).")
        public List<@Min(1) @Max(65535) Integer> egressPorts;
    }
}
