package io.llmgw.operator.dependent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.llmgw.api.v1alpha1.IngressSpec;
import io.llmgw.api.v1alpha1.NetworkPolicySpec;
import io.llmgw.api.v1alpha1.RouteSpec;
import io.llmgw.model.Defaults;
import io.llmgw.model.Egress;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;

/**
 * Who may call the proxy pods and, without the Cilium policy, where they may connect. Ingress to port 4000: the
 * gateway's own namespace, the listed namespaces, the ingressFrom namespace/pod pairs, the namespaces of the route's
 * parent Gateways and the ingress controller's namespace when spec.ingress names it; with metrics on, to the metrics port (4001): Prometheus's
 * namespace only. Each optionally only the pods with given labels.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class NetworkPolicyDependent extends GatewayResource<NetworkPolicy> {
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    static final String CNPG_CLUSTER_LABEL = "cnpg.io/cluster";
    static final int HTTPS_PORT = 443;
    static final List<String> WORLD = List.of("0.0.0.0/0", "::/0");

    public NetworkPolicyDependent() {
        super(NetworkPolicy.class);
    }

    @Override
    public boolean enabled(GatewayModel model) {
        return model.networkPolicyEnabled();
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().gateway();
    }

    @Override
    public NetworkPolicy desired(GatewayModel model) {
        Names names = model.names();
        // Cilium enforces Kubernetes NetworkPolicies and CiliumNetworkPolicies together, and allows are additive:
        // an egress section here (with its allow-all on 443) would re-open what the FQDN lockdown closes. With the
        // Cilium policy on, this policy covers ingress only and egress is the CiliumNetworkPolicy's alone.
        boolean egress = !model.ciliumPolicyEnabled();
        return new NetworkPolicyBuilder()
                .withMetadata(Meta.of(model, name(model), Names.NETWORK))
                .withNewSpec()
                .withNewPodSelector().withMatchLabels(names.selector(Names.PROXY)).endPodSelector()
                .withPolicyTypes(egress ? List.of("Ingress", "Egress") : List.of("Ingress"))
                .withIngress(ingressRules(model))
                .withEgress(egress ? egressRules(model) : List.of())
                .endSpec()
                .build();
    }

    /**
     * Clients to the API port; with metrics on, Prometheus alone to the metrics port, which has no auth (and not to
     * the API port: the scrape needs none of it).
     */
    private static List<NetworkPolicyIngressRule> ingressRules(GatewayModel model) {
        List<NetworkPolicyIngressRule> rules = new ArrayList<>();
        rules.add(new NetworkPolicyIngressRuleBuilder().withFrom(ingressPeers(model)).withPorts(tcp(Defaults.PROXY_PORT)).build());
        if (model.prometheusEnabled()) {
            NetworkPolicySpec np = model.spec().networkPolicy;
            Map<String, List<Map<String, String>>> prometheus = new LinkedHashMap<>();
            admit(prometheus, np.prometheusNamespace != null ? np.prometheusNamespace : Defaults.PROMETHEUS_NAMESPACE, np.prometheusPodLabels);
            rules.add(new NetworkPolicyIngressRuleBuilder().withFrom(peers(model, prometheus)).withPorts(tcp(Defaults.METRICS_PORT)).build());
        }
        return rules;
    }

    /**
     * One peer per namespace and pod selector: the gateway's own namespace, the listed ones, ingressFrom's, the
     * route's parent Gateways' and the ingress controller's, each optionally narrowed to pod labels. A namespace admitted whole once
     * needs no narrower peer.
     */
    private static List<NetworkPolicyPeer> ingressPeers(GatewayModel model) {
        NetworkPolicySpec np = model.spec().networkPolicy;
        // namespace -> its pod selectors (an empty list: every pod of it), in a stable order: own namespace first.
        Map<String, List<Map<String, String>>> admitted = new LinkedHashMap<>();
        admit(admitted, model.namespace(), np.sameNamespacePodLabels);
        Set<String> listed = new TreeSet<>();
        if (np.ingressNamespaces != null) {
            listed.addAll(np.ingressNamespaces);
        }
        listed.forEach(ns -> admit(admitted, ns, np.ingressPodLabels));
        if (np.ingressFrom != null) {
            np.ingressFrom.forEach(peer -> admit(admitted, peer.namespace, peer.podLabels));
        }
        // The parent Gateways' namespaces (a parentRef without namespace means the route's), so a data plane
        // deployed next to its Gateway (Istio, Envoy Gateway in namespace mode...) can reach the pods. A data plane
        // running in its controller's namespace must be listed in ingressNamespaces.
        Set<String> parents = new TreeSet<>();
        if (model.routeEnabled()) {
            for (RouteSpec.ParentRef parent : model.spec().route.parentRefs) {
                parents.add(parent.namespace != null ? parent.namespace : model.routeNamespace());
            }
        }
        parents.forEach(ns -> admit(admitted, ns, np.gatewayPodLabels));
        // The ingress controller, only where the spec names its namespace: the operator does not guess.
        IngressSpec ingress = model.spec().ingress;
        if (ingress != null && ingress.controllerNamespace != null) {
            admit(admitted, ingress.controllerNamespace, ingress.controllerPodLabels);
        }
        return peers(model, admitted);
    }

    private static List<NetworkPolicyPeer> peers(GatewayModel model, Map<String, List<Map<String, String>>> admitted) {
        List<NetworkPolicyPeer> peers = new ArrayList<>();
        admitted.forEach((ns, selectors) -> {
            for (Map<String, String> labels : selectors.isEmpty() ? Collections.<Map<String, String>> singletonList(null) : selectors) {
                NetworkPolicyPeerBuilder peer = new NetworkPolicyPeerBuilder();
                // Without a namespace selector a peer means the policy's own namespace.
                if (!ns.equals(model.namespace())) {
                    peer.withNewNamespaceSelector().addToMatchLabels(NAMESPACE_NAME_LABEL, ns).endNamespaceSelector();
                }
                if (labels != null) {
                    peer.withNewPodSelector().withMatchLabels(labels).endPodSelector();
                } else if (ns.equals(model.namespace())) {
                    peer.withNewPodSelector().endPodSelector();
                }
                peers.add(peer.build());
            }
        });
        return peers;
    }

    /** Admits pods with {@code labels} (every pod when null or empty) of namespace {@code ns}. */
    private static void admit(Map<String, List<Map<String, String>>> admitted, String ns, Map<String, String> labels) {
        boolean whole = labels == null || labels.isEmpty();
        List<Map<String, String>> selectors = admitted.get(ns);
        if (selectors == null) {
            admitted.put(ns, whole ? new ArrayList<>() : new ArrayList<>(List.of(labels)));
        } else if (whole) {
            selectors.clear();
        } else if (!selectors.isEmpty() && !selectors.contains(labels)) {
            selectors.add(labels);
        }
    }

    private static List<NetworkPolicyEgressRule> egressRules(GatewayModel model) {
        Names names = model.names();
        List<NetworkPolicyEgressRule> rules = new ArrayList<>();
        rules.add(new NetworkPolicyEgressRuleBuilder()
                .withTo(new NetworkPolicyPeerBuilder()
                        .withNewNamespaceSelector().addToMatchLabels(NAMESPACE_NAME_LABEL, "kube-system").endNamespaceSelector()
                        .withNewPodSelector().addToMatchLabels("k8s-app", "kube-dns").endPodSelector()
                        .build())
                .withPorts(port("UDP", 53), port("TCP", 53))
                .build());
        if (model.managedDatabase()) {
            rules.add(new NetworkPolicyEgressRuleBuilder()
                    .withTo(new NetworkPolicyPeerBuilder().withNewPodSelector()
                            .addToMatchLabels(CNPG_CLUSTER_LABEL, names.database()).endPodSelector().build())
                    .withPorts(tcp(Defaults.POSTGRES_PORT))
                    .build());
        }
        if (model.managedCache()) {
            rules.add(new NetworkPolicyEgressRuleBuilder()
                    .withTo(new NetworkPolicyPeerBuilder().withNewPodSelector()
                            .withMatchLabels(names.selector(Names.CACHE)).endPodSelector().build())
                    .withPorts(tcp(Defaults.REDIS_PORT))
                    .build());
        }
        // A NetworkPolicy cannot match host names: the ports of every public destination (providers, telemetry,
        // SSO, webhooks, extraEgress fqdns) are open to any address (the Cilium policy narrows them to the names).
        // Cluster Services are allowed by namespace, IPs and CIDRs by ipBlock, each on its own ports.
        Egress egress = model.egress();
        Set<Integer> worldPorts = new TreeSet<>(List.of(HTTPS_PORT));
        if (!egress.providerHosts().isEmpty()) {
            worldPorts.addAll(egress.providerPorts());
        }
        Map<String, Set<Integer>> byNamespace = new TreeMap<>();
        Map<String, Set<Integer>> byCidr = new TreeMap<>();
        for (Egress.Target t : egress.targets()) {
            switch (t.kind()) {
                case EXTERNAL -> worldPorts.add(t.port());
                case CLUSTER -> byNamespace.computeIfAbsent(t.namespace().orElseThrow(), k -> new TreeSet<>()).add(t.port());
                case IP -> byCidr.computeIfAbsent(t.cidr(), k -> new TreeSet<>()).add(t.port());
            }
        }
        rules.add(new NetworkPolicyEgressRuleBuilder()
                .withTo(WORLD.stream().map(cidr -> new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(cidr).endIpBlock().build()).toList())
                .withPorts(worldPorts.stream().map(NetworkPolicyDependent::tcp).toList())
                .build());
        byNamespace.forEach((ns, ports) -> rules.add(new NetworkPolicyEgressRuleBuilder()
                .withTo(namespace(ns))
                .withPorts(ports.stream().map(NetworkPolicyDependent::tcp).toList())
                .build()));
        byCidr.forEach((cidr, ports) -> rules.add(new NetworkPolicyEgressRuleBuilder()
                .withTo(new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(cidr).endIpBlock().build())
                .withPorts(ports.stream().map(NetworkPolicyDependent::tcp).toList())
                .build()));
        return rules;
    }

    private static NetworkPolicyPeer namespace(String ns) {
        return new NetworkPolicyPeerBuilder().withNewNamespaceSelector().addToMatchLabels(NAMESPACE_NAME_LABEL, ns)
                .endNamespaceSelector().build();
    }

    private static NetworkPolicyPort tcp(int port) {
        return port("TCP", port);
    }

    private static NetworkPolicyPort port(String protocol, int port) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(port)).build();
    }
}
