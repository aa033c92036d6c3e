package io.llmgw.operator.dependent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.llmgw.model.Defaults;
import io.llmgw.model.Egress;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;
import io.llmgw.operator.resource.CiliumNetworkPolicy;

/**
 * Locks the proxy pods' egress to DNS, the providers' host names (toFQDNs, learnt through Cilium's DNS proxy),
 * the managed database and cache, and every other destination {@link Egress} derives from the spec. A compromised image cannot reach an exfiltration host. Ingress stays with the standard
 * NetworkPolicy.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class CiliumNetworkPolicyDependent extends GatewayResource<CiliumNetworkPolicy> {
    static final String NAMESPACE_LABEL = "k8s:io.kubernetes.pod.namespace";

    public CiliumNetworkPolicyDependent() {
        super(CiliumNetworkPolicy.class);
    }

    @Override
    public boolean enabled(GatewayModel model) {
        return model.ciliumPolicyEnabled();
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().egressPolicy();
    }

    @Override
    public CiliumNetworkPolicy desired(GatewayModel model) {
        Names names = model.names();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("endpointSelector", Map.of("matchLabels", names.selector(Names.PROXY)));
        spec.put("egress", egress(model));
        CiliumNetworkPolicy policy = new CiliumNetworkPolicy();
        policy.setMetadata(Meta.of(model, name(model), Names.NETWORK));
        policy.setAdditionalProperty("spec", spec);
        return policy;
    }

    private static List<Map<String, Object>> egress(GatewayModel model) {
        Names names = model.names();
        List<Map<String, Object>> rules = new ArrayList<>();
        // DNS through Cilium's DNS proxy: the L7 dns rule is what lets toFQDNs learn the providers' addresses.
        rules.add(rule("toEndpoints", List.of(Map.of("matchLabels", ordered(NAMESPACE_LABEL, "kube-system", "k8s-app", "kube-dns"))),
                ports(List.of(port(53, "UDP"), port(53, "TCP")), Map.of("dns", List.of(Map.of("matchPattern", "*"))))));

        Egress egress = model.egress();
        List<Map<String, String>> fqdns = egress.providerHosts().stream()
                .filter(Egress::isPublicName)
                .map(CiliumNetworkPolicyDependent::fqdn)
                .toList();
        if (!fqdns.isEmpty()) {
            rules.add(rule("toFQDNs", fqdns, ports(egress.providerPorts().stream().map(p -> port(p, "TCP")).toList(), null)));
        }
        // toEndpoints without a namespace label select pods of the policy's own namespace.
        if (model.managedDatabase()) {
            rules.add(rule("toEndpoints", List.of(Map.of("matchLabels", Map.of(NetworkPolicyDependent.CNPG_CLUSTER_LABEL, names.database()))),
                    ports(List.of(port(Defaults.POSTGRES_PORT, "TCP")), null)));
        }
        if (model.managedCache()) {
            rules.add(rule("toEndpoints", List.of(Map.of("matchLabels", names.selector(Names.CACHE))),
                    ports(List.of(port(Defaults.REDIS_PORT, "TCP")), null)));
        }
        // Other endpoints (telemetry, SSO, alert webhook, MCP, guardrails, external backends, extraEgress), one rule
        // per destination (toFQDNs may not share a rule with other to* selectors). A cluster-local name is allowed
        // by namespace: toFQDNs does not apply to addresses inside the cluster, and the Service's pod labels cannot
        // be derived from its name.
        Map<String, Set<Integer>> byDestination = new LinkedHashMap<>();
        Map<String, Egress.Target> first = new LinkedHashMap<>();
        for (Egress.Target t : egress.targets()) {
            String key = t.kind() + "/" + (t.kind() == Egress.Kind.CLUSTER ? t.namespace().orElseThrow() : t.host());
            byDestination.computeIfAbsent(key, k -> new TreeSet<>()).add(t.port());
            first.putIfAbsent(key, t);
        }
        byDestination.forEach((key, portSet) -> {
            Egress.Target t = first.get(key);
            Map<String, Object> toPorts = ports(portSet.stream().map(p -> port(p, "TCP")).toList(), null);
            switch (t.kind()) {
                case CLUSTER -> rules.add(rule("toEndpoints",
                        List.of(Map.of("matchLabels", Map.of(NAMESPACE_LABEL, t.namespace().orElseThrow()))), toPorts));
                case IP -> rules.add(rule("toCIDR", List.of(t.cidr()), toPorts));
                case EXTERNAL -> rules.add(rule("toFQDNs", List.of(fqdn(t.host())), toPorts));
            }
        });
        return rules;
    }

    /** Two labels in a stable order, so the rendered policy is byte-for-byte reproducible. */
    private static Map<String, String> ordered(String k1, String v1, String k2, String v2) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static Map<String, String> fqdn(String host) {
        return host.startsWith("*.") ? Map.of("matchPattern", host) : Map.of("matchName", host);
    }

    private static Map<String, Object> rule(String selector, List<?> peers, Map<String, Object> toPorts) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put(selector, peers);
        rule.put("toPorts", List.of(toPorts));
        return rule;
    }

    private static Map<String, Object> ports(List<Map<String, String>> ports, Map<String, Object> rules) {
        Map<String, Object> toPorts = new LinkedHashMap<>();
        toPorts.put("ports", ports);
        if (rules != null) {
            toPorts.put("rules", rules);
        }
        return toPorts;
    }

    /** Cilium's port is a string (a number or a named port). */
    private static Map<String, String> port(int port, String protocol) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("port", String.valueOf(port));
        p.put("protocol", protocol);
        return p;
    }
}
