package io.llmgw.operator.dependent;

import static io.llmgw.TestGateways.cilium;
import static io.llmgw.TestGateways.ingress;
import static io.llmgw.TestGateways.litellm;
import static io.llmgw.TestGateways.modelEntry;
import static io.llmgw.TestGateways.networkPolicy;
import static io.llmgw.TestGateways.observability;
import static io.llmgw.TestGateways.prometheus;
import static io.llmgw.TestGateways.route;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.CacheSpec;
import io.llmgw.api.v1alpha1.DatabaseSpec;
import io.llmgw.api.v1alpha1.IngressSpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.NetworkPolicySpec;
import io.llmgw.api.v1alpha1.ObservabilitySpec;
import io.llmgw.model.Names;

class NetworkPolicyDependentTest {
    private final NetworkPolicyDependent dependent = new NetworkPolicyDependent();

    private NetworkPolicy desired(LiteLLMGateway gw) {
        return dependent.desired(TestGateways.model(gw));
    }

    @Test
    void selectsTheProxyPodsAndAdmitsTheOwnNamespaceOnPort4000() {
        LiteLLMGateway gw = litellm();
        networkPolicy(gw);
        NetworkPolicy np = desired(gw);

        assertThat(np.getMetadata().getName()).isEqualTo("litellm");
        assertThat(np.getMetadata().getNamespace()).isEqualTo("ai-system");
        assertThat(np.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", Names.MANAGED_BY);
        assertThat(np.getSpec().getPodSelector().getMatchLabels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("app.kubernetes.io/instance", "litellm", Names.COMPONENT_LABEL, Names.PROXY));
        assertThat(np.getSpec().getIngress()).hasSize(1);
        var ingress = np.getSpec().getIngress().get(0);
        assertThat(ingress.getPorts()).extracting(NetworkPolicyPort::getPort, NetworkPolicyPort::getProtocol)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(new IntOrString(4000), "TCP"));
        assertThat(ingress.getFrom()).hasSize(1);
        assertThat(ingress.getFrom().get(0).getPodSelector()).isNotNull();
        assertThat(ingress.getFrom().get(0).getPodSelector().getMatchLabels()).isEmpty();
        assertThat(ingress.getFrom().get(0).getNamespaceSelector()).isNull();
    }

    @Test
    void admitsListedNamespacesRestrictedByPodLabelsAndTheRouteGateways() {
        LiteLLMGateway gw = litellm();
        networkPolicy(gw).ingressNamespaces = List.of("open-webui", "ai-system", "network");
        networkPolicy(gw).ingressPodLabels = Map.of("app", "open-webui");
        route(gw, null);
        prometheus(gw);
        NetworkPolicy np = desired(gw);

        List<NetworkPolicyPeer> from = np.getSpec().getIngress().get(0).getFrom();
        assertThat(from).hasSize(3);
        // the own namespace is never listed as a namespace peer; listed namespaces carry the pod labels
        assertThat(namespacePeer(from, "ai-system")).isNull();
        assertThat(namespacePeer(from, "open-webui").getPodSelector().getMatchLabels()).isEqualTo(Map.of("app", "open-webui"));
        // the route's parent Gateway namespace is admitted whole (no gatewayPodLabels), which covers the narrower
        // listed peer of "network"
        assertThat(peersOf(from, "network")).singleElement().satisfies(p -> assertThat(p.getPodSelector()).isNull());
        // Prometheus is not a client of the API port
        assertThat(namespacePeer(from, "monitoring")).isNull();
    }

    @Test
    void ingressFromAdmitsEachNamespaceWithItsOwnPodSelector() {
        LiteLLMGateway gw = litellm();
        networkPolicy(gw).ingressNamespaces = List.of("open-webui");
        networkPolicy(gw).ingressPodLabels = Map.of("app", "open-webui");
        networkPolicy(gw).ingressFrom = List.of(
                NetworkPolicySpec.IngressPeer.of("envoy-gateway-system", Map.of("gateway.envoyproxy.io/owning-gateway-name", "external")),
                NetworkPolicySpec.IngressPeer.of("envoy-gateway-system", Map.of("gateway.envoyproxy.io/owning-gateway-name", "internal")),
                NetworkPolicySpec.IngressPeer.of("batch", null));
        List<NetworkPolicyPeer> from = desired(gw).getSpec().getIngress().get(0).getFrom();

        // ingressPodLabels stay with ingressNamespaces; each ingressFrom entry brings its own labels (none: the whole namespace)
        assertThat(peersOf(from, "open-webui")).extracting(p -> p.getPodSelector().getMatchLabels()).containsExactly(Map.of("app", "open-webui"));
        assertThat(peersOf(from, "envoy-gateway-system")).extracting(p -> p.getPodSelector().getMatchLabels()).containsExactly(
                Map.of("gateway.envoyproxy.io/owning-gateway-name", "external"), Map.of("gateway.envoyproxy.io/owning-gateway-name", "internal"));
        assertThat(peersOf(from, "batch")).singleElement().satisfies(p -> assertThat(p.getPodSelector()).isNull());
        // the pairs admit to the API port only, never to the metrics port
        prometheus(gw);
        assertThat(peersOf(desired(gw).getSpec().getIngress().get(1).getFrom(), "envoy-gateway-system")).isEmpty();
    }

    @Test
    void prometheusAloneReachesTheMetricsPortWhichHasNoAuth() {
        LiteLLMGateway gw = litellm();
        networkPolicy(gw).ingressNamespaces = List.of("open-webui");
        NetworkPolicy without = desired(gw);
        assertThat(without.getSpec().getIngress()).singleElement().satisfies(r -> assertThat(r.getPorts())
                .extracting(NetworkPolicyPort::getPort).containsExactly(new IntOrString(4000)));

        prometheus(gw);
        var rules = desired(gw).getSpec().getIngress();
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).getPorts()).extracting(NetworkPolicyPort::getPort).containsExactly(new IntOrString(4000));
        assertThat(rules.get(1).getPorts()).extracting(NetworkPolicyPort::getPort, NetworkPolicyPort::getProtocol)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(new IntOrString(4001), "TCP"));
        assertThat(rules.get(1).getFrom()).singleElement().satisfies(p -> {
            assertThat(p.getNamespaceSelector().getMatchLabels()).isEqualTo(Map.of(NetworkPolicyDependent.NAMESPACE_NAME_LABEL, "monitoring"));
            assertThat(p.getPodSelector()).isNull();
        });
        // the port the rule opens is the one the proxy container serves its metrics on
        var container = new ProxyDeploymentDependent().desired(TestGateways.model(gw)).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo(ProxyDeploymentDependent.METRICS_PORT_NAME);
            assertThat(p.getContainerPort()).isEqualTo(4001);
        });
        assertThat(container.getArgs()).containsSequence("--prometheus_metrics_port", "4001");
    }

    @Test
    void theGatewayDataPlaneAndPrometheusCanBeNarrowedToTheirPods() {
        LiteLLMGateway gw = litellm();
        networkPolicy(gw).gatewayPodLabels = Map.of("gateway.networking.k8s.io/gateway-name", "external");
        networkPolicy(gw).prometheusPodLabels = Map.of("app.kubernetes.io/name", "prometheus");
        networkPolicy(gw).sameNamespacePodLabels = Map.of("app", "open-webui");
        route(gw, null);
        prometheus(gw);
        List<NetworkPolicyPeer> from = desired(gw).getSpec().getIngress().get(0).getFrom();

        assertThat(from).hasSize(2);
        // own namespace: no namespace selector, only the labelled pods
        assertThat(from.get(0).getNamespaceSelector()).isNull();
        assertThat(from.get(0).getPodSelector().getMatchLabels()).isEqualTo(Map.of("app", "open-webui"));
        assertThat(peersOf(from, "network")).singleElement().satisfies(p -> assertThat(p.getPodSelector().getMatchLabels())
                .isEqualTo(Map.of("gateway.networking.k8s.io/gateway-name", "external")));
        List<NetworkPolicyPeer> metrics = desired(gw).getSpec().getIngress().get(1).getFrom();
        assertThat(peersOf(metrics, "monitoring")).singleElement().satisfies(p -> assertThat(p.getPodSelector().getMatchLabels())
                .isEqualTo(Map.of("app.kubernetes.io/name", "prometheus")));
    }

    @Test
    void prometheusInTheGatewaysNamespaceWithOtherLabelsIsAdmittedBeside() {
        LiteLLMGateway gw = litellm();
        networkPolicy(gw).gatewayPodLabels = Map.of("app", "envoy");
        networkPolicy(gw).prometheusPodLabels = Map.of("app", "prometheus");
        networkPolicy(gw).prometheusNamespace = "network";
        route(gw, null);
        prometheus(gw);
        var rules = desired(gw).getSpec().getIngress();

        assertThat(peersOf(rules.get(0).getFrom(), "network")).extracting(p -> p.getPodSelector().getMatchLabels())
                .containsExactly(Map.of("app", "envoy"));
        assertThat(peersOf(rules.get(1).getFrom(), "network")).extracting(p -> p.getPodSelector().getMatchLabels())
                .containsExactly(Map.of("app", "prometheus"));
    }

    @Test
    void withoutPodLabelsANamespaceIsAdmittedOnce() {
        LiteLLMGateway gw = litellm();
        networkPolicy(gw).ingressNamespaces = List.of("network");
        route(gw, null);
        prometheus(gw);
        networkPolicy(gw).prometheusNamespace = "observability";
        List<NetworkPolicyPeer> from = desired(gw).getSpec().getIngress().get(0).getFrom();

        assertThat(from).hasSize(2);
        assertThat(namespacePeer(from, "network")).isNotNull();
        List<NetworkPolicyPeer> metrics = desired(gw).getSpec().getIngress().get(1).getFrom();
        assertThat(metrics).singleElement().satisfies(p -> assertThat(p.getNamespaceSelector().getMatchLabels())
                .containsEntry(NetworkPolicyDependent.NAMESPACE_NAME_LABEL, "observability"));
        assertThat(namespacePeer(from, "monitoring")).isNull();
    }

    @Test
    void aParentRefWithoutNamespaceMeansTheRoutesNamespace() {
        LiteLLMGateway gw = litellm();
        networkPolicy(gw);
        route(gw, "edge").parentRefs.get(0).namespace = null;
        List<NetworkPolicyPeer> from = desired(gw).getSpec().getIngress().get(0).getFrom();

        assertThat(namespacePeer(from, "edge")).isNotNull();
        assertThat(namespacePeer(from, "network")).isNull();
    }

    @Test
    void withoutCiliumItAlsoLocksEgressToDnsBackendsAndHttps() {
        LiteLLMGateway gw = litellm();
        networkPolicy(gw);
        gw.getSpec().database = new DatabaseSpec();
        gw.getSpec().database.type = DatabaseSpec.CLOUDNATIVEPG;
        gw.getSpec().cache = new CacheSpec();
        gw.getSpec().cache.type = CacheSpec.DRAGONFLY;
        NetworkPolicy np = desired(gw);

        assertThat(np.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        List<NetworkPolicyEgressRule> egress = np.getSpec().getEgress();
        assertThat(egress).hasSize(4);

        NetworkPolicyEgressRule dns = egress.get(0);
        assertThat(dns.getTo()).singleElement().satisfies(p -> {
            assertThat(p.getNamespaceSelector().getMatchLabels()).isEqualTo(Map.of("kubernetes.io/metadata.name", "kube-system"));
            assertThat(p.getPodSelector().getMatchLabels()).isEqualTo(Map.of("k8s-app", "kube-dns"));
        });
        assertThat(ports(dns)).containsExactly("UDP/53", "TCP/53");

        assertThat(egress.get(1).getTo().get(0).getPodSelector().getMatchLabels()).isEqualTo(Map.of("cnpg.io/cluster", "litellm-db"));
        assertThat(egress.get(1).getTo().get(0).getNamespaceSelector()).isNull();
        assertThat(ports(egress.get(1))).containsExactly("TCP/5432");

        assertThat(egress.get(2).getTo().get(0).getPodSelector().getMatchLabels())
                .isEqualTo(new Names("litellm", "ai-system").selector(Names.CACHE));
        assertThat(ports(egress.get(2))).containsExactly("TCP/6379");

        NetworkPolicyEgressRule https = egress.get(3);
        assertThat(https.getTo()).extracting(p -> p.getIpBlock().getCidr()).containsExactly("0.0.0.0/0", "::/0");
        assertThat(ports(https)).containsExactly("TCP/443");
    }

    @Test
    void withoutManagedBackendsOnlyDnsAndHttps() {
        LiteLLMGateway gw = litellm();
        networkPolicy(gw);
        List<NetworkPolicyEgressRule> egress = desired(gw).getSpec().getEgress();

        assertThat(egress).hasSize(2);
        assertThat(ports(egress.get(1))).containsExactly("TCP/443");
    }

    @Test
    void anExternalOtlpPortIsOpenedToTheWorldAndAClusterLocalOneByNamespace() {
        LiteLLMGateway gw = litellm();
        networkPolicy(gw);
        observability(gw).openTelemetry = new ObservabilitySpec.OpenTelemetry();
        observability(gw).openTelemetry.endpoint = "https://otlp.example.com:4318";
        List<NetworkPolicyEgressRule> egress = desired(gw).getSpec().getEgress();
        assertThat(ports(egress.get(egress.size() - 1))).containsExactly("TCP/443", "TCP/4318");

        observability(gw).openTelemetry.endpoint = "http://tempo.monitoring.svc:4317";
        egress = desired(gw).getSpec().getEgress();
        NetworkPolicyEgressRule tempo = egress.get(egress.size() - 1);
        assertThat(tempo.getTo()).singleElement().satisfies(p -> {
            assertThat(p.getNamespaceSelector().getMatchLabels()).isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
            assertThat(p.getPodSelector()).isNull();
        });
        assertThat(ports(tempo)).containsExactly("TCP/4317");
        assertThat(ports(egress.get(egress.size() - 2))).containsExactly("TCP/443");
    }

    @Test
    void anOtlpEndpointOn443NeedsNoExtraPort() {
        LiteLLMGateway gw = litellm();
        networkPolicy(gw);
        observability(gw).openTelemetry = new ObservabilitySpec.OpenTelemetry();
        observability(gw).openTelemetry.endpoint = "https://otlp.example.com";
        List<NetworkPolicyEgressRule> egress = desired(gw).getSpec().getEgress();

        assertThat(egress).hasSize(2);
        assertThat(ports(egress.get(1))).containsExactly("TCP/443");
    }

    @Test
    void aSelfHostedModelInTheClusterIsReachableOnItsPort() {
        LiteLLMGateway gw = litellm();
        networkPolicy(gw);
        gw.getSpec().models.add(modelEntry("llama", "hosted_vllm/llama-3", "http://vllm.models.svc.cluster.local:8000/v1"));
        List<NetworkPolicyEgressRule> egress = desired(gw).getSpec().getEgress();

        NetworkPolicyEgressRule vllm = egress.get(egress.size() - 1);
        assertThat(vllm.getTo().get(0).getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "models");
        assertThat(ports(vllm)).containsExactly("TCP/8000");
    }

    @Test
    void extraEgressFqdnsOpenTheirPortsToTheWorldAndCidrsByIpBlock() {
        LiteLLMGateway gw = litellm();
        networkPolicy(gw).extraEgress = List.of(NetworkPolicySpec.EgressRule.fqdn("smtp.example.com", 587),
                NetworkPolicySpec.EgressRule.cidr("192.168.10.0/24", 5432));
        List<NetworkPolicyEgressRule> egress = desired(gw).getSpec().getEgress();

        // a NetworkPolicy has no host names: the fqdn's port goes to every address, as 443 does for the providers
        assertThat(egress).hasSize(3);
        assertThat(egress.get(1).getTo()).extracting(p -> p.getIpBlock().getCidr()).containsExactly("0.0.0.0/0", "::/0");
        assertThat(ports(egress.get(1))).containsExactly("TCP/443", "TCP/587");
        assertThat(egress.get(2).getTo()).extracting(p -> p.getIpBlock().getCidr()).containsExactly("192.168.10.0/24");
        assertThat(ports(egress.get(2))).containsExactly("TCP/5432");
    }

    @Test
    void envThatLiteLLMReadsItselfOpensItsPort() {
        LiteLLMGateway gw = litellm();
        networkPolicy(gw);
        gw.getSpec().env = List.of(new EnvVarBuilder().withName("HTTPS_PROXY")
                .withValue("http://proxy.corp.example:3128").build());
        List<NetworkPolicyEgressRule> egress = desired(gw).getSpec().getEgress();

        assertThat(ports(egress.get(1))).containsExactly("TCP/443", "TCP/3128");
    }

    @Test
    void withCiliumItCoversIngressOnly() {
        LiteLLMGateway gw = litellm();
        cilium(gw);
        gw.getSpec().database = new DatabaseSpec();
        gw.getSpec().database.type = DatabaseSpec.CLOUDNATIVEPG;
        NetworkPolicy np = desired(gw);

        assertThat(np.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(np.getSpec().getEgress()).isEmpty();
        assertThat(np.getSpec().getIngress()).hasSize(1);
    }

    @Test
    void enabledFollowsTheSpec() {
        LiteLLMGateway gw = litellm();
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
        networkPolicy(gw);
        assertThat(dependent.enabled(TestGateways.model(gw))).isTrue();
        networkPolicy(gw).enabled = false;
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
    }

    @Test
    void theIngressControllerIsAdmittedOnlyFromTheNamespaceTheSpecNames() {
        LiteLLMGateway gw = litellm();
        networkPolicy(gw);
        IngressSpec ingress = ingress(gw);
        assertThat(desired(gw).getSpec().getIngress().get(0).getFrom()).hasSize(1);

        ingress.controllerNamespace = "ingress-nginx";
        assertThat(namespacePeer(desired(gw).getSpec().getIngress().get(0).getFrom(), "ingress-nginx").getPodSelector()).isNull();

        ingress.controllerPodLabels = Map.of("app.kubernetes.io/name", "ingress-nginx");
        List<NetworkPolicyPeer> from = desired(gw).getSpec().getIngress().get(0).getFrom();
        assertThat(from).hasSize(2);
        assertThat(namespacePeer(from, "ingress-nginx").getPodSelector().getMatchLabels())
                .isEqualTo(Map.of("app.kubernetes.io/name", "ingress-nginx"));
    }

    private static NetworkPolicyPeer namespacePeer(List<NetworkPolicyPeer> peers, String namespace) {
        return peers.stream().filter(p -> p.getNamespaceSelector() != null
                && namespace.equals(p.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")))
                .findFirst().orElse(null);
    }

    private static List<NetworkPolicyPeer> peersOf(List<NetworkPolicyPeer> peers, String namespace) {
        return peers.stream().filter(p -> p.getNamespaceSelector() != null
                && namespace.equals(p.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))).toList();
    }

    private static List<String> ports(NetworkPolicyEgressRule rule) {
        return rule.getPorts().stream().map(p -> p.getProtocol() + "/" + p.getPort().getIntVal()).toList();
    }
}
