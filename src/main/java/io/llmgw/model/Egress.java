package io.llmgw.model;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;

/**
 * Every destination the proxy pods connect to, derived in one place for both egress policies: the providers
 * (api_base of models and credentials, the public endpoint of a provider used without one, cilium.egressFQDNs),
 * telemetry (OTLP, Langfuse), the SSO issuer, the alert webhook, an external Redis or Postgres, MCP servers,
 * guardrail endpoints, any URL in a free-form section, and networkPolicy.extraEgress. A value held in a Secret is
 * read when the operator can (its host reaches the policy, never its value). What cannot be derived is listed in
 * {@link #unresolved()} with where it comes from, so status and render can say what to add to extraEgress.
 * <p>
 * Provider hosts are public names allowed on the provider ports (cilium.egressPorts, default 443); every other
 * destination is a {@link Target} on its own port.
 */
public final class Egress {
    public static final List<Integer> DEFAULT_PROVIDER_PORTS = List.of(443);
    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");

    public enum Kind {
        /** A Service of the cluster, reached through its namespace's pods. */
        CLUSTER,
        /** An IP literal or a CIDR. */
        IP,
        /** A public DNS name or pattern. */
        EXTERNAL
    }

    /** A destination on one TCP port: a host name, an IP, a CIDR (from extraEgress) or an FQDN pattern. */
    public record Target(String host, int port) {
        public Kind kind() {
            if (host.indexOf('/') >= 0 || host.indexOf(':') >= 0 || IPV4.matcher(host).matches()) {
                return Kind.IP;
            }
            return clusterNamespace(host).isPresent() ? Kind.CLUSTER : Kind.EXTERNAL;
        }

        /** The Service's namespace, for a cluster-local name. */
        public Optional<String> namespace() {
            return kind() == Kind.CLUSTER ? clusterNamespace(host) : Optional.empty();
        }

        /** The CIDR of an IP literal (a single address) or the CIDR itself. */
        public String cidr() {
            if (host.indexOf('/') >= 0) {
                return host;
            }
            return host.indexOf(':') >= 0 ? host + "/128" : host + "/32";
        }
    }

    private final List<Integer> providerPorts;
    private final Set<String> providerHosts;
    private final Set<Target> targets;
    private final List<String> unresolved;

    /** Built by {@link EgressCollector}, in one pass over the spec. */
    Egress(List<Integer> providerPorts, Set<String> providerHosts, Set<Target> targets, List<String> unresolved) {
        this.providerPorts = providerPorts;
        this.providerHosts = providerHosts;
        this.targets = targets;
        this.unresolved = unresolved;
    }

    /** Ports the provider hosts are allowed on. */
    public List<Integer> providerPorts() {
        return providerPorts;
    }

    /** Public provider names (and patterns), sorted. */
    public Set<String> providerHosts() {
        return providerHosts;
    }

    /** Every other destination with its port, in the order of the spec. */
    public Set<Target> targets() {
        return targets;
    }

    /** Destinations that could not be derived, each with where it comes from and what to do; never a Secret value. */
    public List<String> unresolved() {
        return unresolved;
    }

    public static Egress of(LiteLLMGatewaySpec spec, Names names, SecretLookup secrets) {
        return new EgressCollector(spec, names, secrets).collect();
    }

    /** True for a host a Cilium toFQDNs rule can select: a public DNS name or pattern. */
    public static boolean isPublicName(String host) {
        return new Target(host, 0).kind() == Kind.EXTERNAL;
    }

    /**
     * The tail of every warning: the exact extraEgress entry that allows the destination, so the fix can be pasted.
     * {@code host} and {@code port} are the destination's when known, else a placeholder.
     */
    static String allow(String host, String port) {
        return "; allow it with spec.networkPolicy.extraEgress: [{fqdn: " + host + ", ports: [" + port + "]}] (or {cidr: ...} for an address range)";
    }

    /** The namespace of {@code [pod.]service.namespace.svc} or {@code ...svc.cluster.local}: the label before "svc". */
    private static Optional<String> clusterNamespace(String host) {
        String name = host.endsWith(".svc.cluster.local") ? host.substring(0, host.length() - ".cluster.local".length()) : host;
        if (!name.endsWith(".svc")) {
            return Optional.empty();
        }
        String[] labels = name.split("\\.");
        return labels.length >= 3 ? Optional.of(labels[labels.length - 2]) : Optional.empty();
    }
}
