package io.llmgw.operator.dependent;

import static io.llmgw.TestGateways.cilium;
import static io.llmgw.TestGateways.credential;
import static io.llmgw.TestGateways.litellm;
import static io.llmgw.TestGateways.modelEntry;
import static io.llmgw.TestGateways.networkPolicy;
import static io.llmgw.TestGateways.observability;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.CacheSpec;
import io.llmgw.api.v1alpha1.DatabaseSpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.NetworkPolicySpec;
import io.llmgw.api.v1alpha1.ObservabilitySpec;
import io.llmgw.api.v1alpha1.SecretKeyRef;
import io.llmgw.api.v1alpha1.SsoSpec;
import io.llmgw.api.v1alpha1.ValueSource;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Names;
import io.llmgw.model.SecretLookup;
import io.llmgw.testing.CrdSchema;

class CiliumNetworkPolicyDependentTest {
    private static final Map<String, Object> NAMESPACE_MONITORING = Map.of("k8s:io.kubernetes.pod.namespace", "monitoring");
    private final CiliumNetworkPolicyDependent dependent = new CiliumNetworkPolicyDependent();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> egress(GenericKubernetesResource r) {
        return (List<Map<String, Object>>) spec(r).get("egress");
    }

    @SuppressWarnings("unchecked")
    private static List<String> ports(Map<String, Object> rule) {
        List<Map<String, Object>> toPorts = (List<Map<String, Object>>) rule.get("toPorts");
        assertThat(toPorts).hasSize(1);
        return ((List<Map<String, String>>) toPorts.get(0).get("ports")).stream().map(p -> p.get("protocol") + "/" + p.get("port")).toList();
    }

    /** The toFQDNs selectors of every rule, with their ports. */
    @SuppressWarnings("unchecked")
    private static List<String> fqdns(GenericKubernetesResource r) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> rule : egress(r)) {
            for (Map<String, String> f : (List<Map<String, String>>) rule.getOrDefault("toFQDNs", List.of())) {
                f.forEach((k, v) -> out.add(k + "=" + v + " " + ports(rule)));
            }
        }
        return out;
    }

    private static LiteLLMGateway azureGateway() {
        LiteLLMGateway gw = litellm();
        cilium(gw).egressFQDNs = List.of("*.openai.azure.com", "api.anthropic.com");
        gw.getSpec().credentials = new ArrayList<>(List.of(
                credential("azure_us_east", ValueSource.plain("https://acme-east.openai.azure.com")),
                credential("azure_anthropic", ValueSource.secret("provider-keys", "AZURE_ANTHROPIC_API_BASE"))));
        gw.getSpec().models.add(modelEntry("gpt-4.1", "azure/gpt-4.1", null));
        gw.getSpec().models.get(1).credential = "azure_us_east";
        gw.getSpec().models.add(modelEntry("cohere-rerank", "cohere/rerank-v3.5", "https://acme-cohere.services.ai.azure.com/"));
        return gw;
    }

    @Test
    void namedAndSelectingTheProxyPodsWithoutIngressRules() {
        GenericKubernetesResource r = dependent.desired(TestGateways.model(azureGateway()));

        assertThat(r.getApiVersion()).isEqualTo("cilium.io/v2");
        assertThat(r.getKind()).isEqualTo("CiliumNetworkPolicy");
        assertThat(r.getMetadata().getName()).isEqualTo("litellm-egress");
        assertThat(r.getMetadata().getNamespace()).isEqualTo("ai-system");
        assertThat(r.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", Names.MANAGED_BY);
        assertThat(spec(r).get("endpointSelector")).isEqualTo(Map.of("matchLabels",
                Map.of("app.kubernetes.io/instance", "litellm", Names.COMPONENT_LABEL, Names.PROXY)));
        assertThat(spec(r)).doesNotContainKeys("ingress", "ingressDeny", "egressDeny");
    }

    @Test
    void dnsGoesThroughCiliumsDnsProxy() {
        Map<String, Object> dns = egress(dependent.desired(TestGateways.model(azureGateway()))).get(0);

        assertThat(dns.get("toEndpoints")).isEqualTo(List.of(Map.of("matchLabels",
                Map.of("k8s:io.kubernetes.pod.namespace", "kube-system", "k8s-app", "kube-dns"))));
        assertThat(ports(dns)).containsExactly("UDP/53", "TCP/53");
        assertThat(((List<?>) dns.get("toPorts")).get(0)).isEqualTo(Map.of(
                "ports", List.of(Map.of("port", "53", "protocol", "UDP"), Map.of("port", "53", "protocol", "TCP")),
                "rules", Map.of("dns", List.of(Map.of("matchPattern", "*")))));
    }

    @Test
    void providerHostsFromApiBasesProvidersAndTheExplicitListOn443() {
        GenericKubernetesResource r = dependent.desired(TestGateways.model(azureGateway()));

        // api.openai.com: the openai provider without api_base; acme-east: a credential's plain api_base;
        // acme-cohere: a model's plain api_base; the Secret-held api_base cannot be read offline.
        assertThat(fqdns(r)).containsExactly(
                "matchPattern=*.openai.azure.com [TCP/443]",
                "matchName=acme-cohere.services.ai.azure.com [TCP/443]",
                "matchName=acme-east.openai.azure.com [TCP/443]",
                "matchName=api.anthropic.com [TCP/443]",
                "matchName=api.openai.com [TCP/443]");
        assertThat(egress(r)).hasSize(2);
    }

    @Test
    void egressPortsApplyToTheProviderHosts() {
        LiteLLMGateway gw = azureGateway();
        cilium(gw).egressPorts = List.of(8443, 443);
        List<Map<String, Object>> egress = egress(dependent.desired(TestGateways.model(gw)));

        assertThat(ports(egress.get(1))).containsExactly("TCP/443", "TCP/8443");
    }

    @Test
    void managedDatabaseAndCacheInTheSameNamespace() {
        LiteLLMGateway gw = azureGateway();
        gw.getSpec().database = new DatabaseSpec();
        gw.getSpec().database.type = DatabaseSpec.CLOUDNATIVEPG;
        gw.getSpec().cache = new CacheSpec();
        gw.getSpec().cache.type = CacheSpec.DRAGONFLY;
        List<Map<String, Object>> egress = egress(dependent.desired(TestGateways.model(gw)));

        assertThat(egress).hasSize(4);
        assertThat(egress.get(2).get("toEndpoints")).isEqualTo(List.of(Map.of("matchLabels", Map.of("cnpg.io/cluster", "litellm-db"))));
        assertThat(ports(egress.get(2))).containsExactly("TCP/5432");
        assertThat(egress.get(3).get("toEndpoints")).isEqualTo(List.of(Map.of("matchLabels",
                Map.of("app.kubernetes.io/instance", "litellm", Names.COMPONENT_LABEL, Names.CACHE))));
        assertThat(ports(egress.get(3))).containsExactly("TCP/6379");
    }

    @Test
    void aClusterLocalOtlpCollectorIsAllowedByNamespaceOnItsPort() {
        LiteLLMGateway gw = azureGateway();
        observability(gw).openTelemetry = new ObservabilitySpec.OpenTelemetry();
        observability(gw).openTelemetry.endpoint = "http://tempo.monitoring.svc:4317";
        GenericKubernetesResource r = dependent.desired(TestGateways.model(gw));
        Map<String, Object> last = egress(r).get(egress(r).size() - 1);

        // toFQDNs never applies to in-cluster addresses, and the collector's pod labels are unknown.
        assertThat(last.get("toEndpoints")).isEqualTo(List.of(Map.of("matchLabels", NAMESPACE_MONITORING)));
        assertThat(ports(last)).containsExactly("TCP/4317");
        assertThat(fqdns(r)).noneMatch(f -> f.contains("tempo"));

        observability(gw).openTelemetry.endpoint = "http://tempo.monitoring.svc.cluster.local:4317";
        r = dependent.desired(TestGateways.model(gw));
        assertThat(egress(r).get(egress(r).size() - 1).get("toEndpoints")).isEqualTo(List.of(Map.of("matchLabels", NAMESPACE_MONITORING)));
    }

    @Test
    void externalTelemetryAndSsoHostsByNameOnTheirPorts() {
        LiteLLMGateway gw = azureGateway();
        observability(gw).openTelemetry = new ObservabilitySpec.OpenTelemetry();
        observability(gw).openTelemetry.endpoint = "https://otlp.example.com:4318";
        observability(gw).langfuse = new ObservabilitySpec.Langfuse();
        observability(gw).langfuse.host = "https://cloud.langfuse.com";
        observability(gw).langfuse.publicKeyRef = new SecretKeyRef("langfuse", "public");
        observability(gw).langfuse.secretKeyRef = new SecretKeyRef("langfuse", "secret");
        gw.getSpec().sso = new SsoSpec();
        gw.getSpec().sso.issuerUrl = "https://keycloak.example.com/realms/acme";
        gw.getSpec().sso.clientId = "litellm";
        gw.getSpec().sso.clientSecretRef = new SecretKeyRef("oidc", "secret");
        gw.getSpec().sso.proxyBaseUrl = "https://litellm.example.com";

        assertThat(fqdns(dependent.desired(TestGateways.model(gw)))).contains(
                "matchName=otlp.example.com [TCP/4318]",
                "matchName=cloud.langfuse.com [TCP/443]",
                "matchName=keycloak.example.com [TCP/443]");
    }

    @Test
    void selfHostedModelsInTheClusterOrByAddress() {
        LiteLLMGateway gw = azureGateway();
        gw.getSpec().models.add(modelEntry("llama", "hosted_vllm/llama-3", "http://vllm.models.svc.cluster.local:8000/v1"));
        gw.getSpec().models.add(modelEntry("qwen", "openai/qwen", "http://10.20.30.40:8080/v1"));
        GenericKubernetesResource r = dependent.desired(TestGateways.model(gw));
        List<Map<String, Object>> egress = egress(r);

        assertThat(fqdns(r)).noneMatch(f -> f.contains("vllm") || f.contains("10.20.30.40"));
        assertThat(egress).anySatisfy(rule -> {
            assertThat(rule.get("toEndpoints")).isEqualTo(List.of(Map.of("matchLabels", Map.of("k8s:io.kubernetes.pod.namespace", "models"))));
            assertThat(ports(rule)).containsExactly("TCP/8000");
        });
        assertThat(egress).anySatisfy(rule -> {
            assertThat(rule.get("toCIDR")).isEqualTo(List.of("10.20.30.40/32"));
            assertThat(ports(rule)).containsExactly("TCP/8080");
        });
    }

    @Test
    void theAlertWebhookAndExtraEgressGetTheirOwnRules() {
        LiteLLMGateway gw = azureGateway();
        observability(gw).alerting = new ObservabilitySpec.Alerting();
        observability(gw).alerting.webhookUrlSecretRef = new SecretKeyRef("alerts", "url");
        networkPolicy(gw).extraEgress = List.of(NetworkPolicySpec.EgressRule.fqdn("*.datadoghq.com", 443),
                NetworkPolicySpec.EgressRule.cidr("192.168.10.0/24", 5432, 6379));
        Map<String, io.fabric8.kubernetes.api.model.Secret> secrets = Map.of("alerts",
                TestGateways.secret("alerts", Map.of("url", "https://hooks.slack.com/services/T/B/x")),
                "provider-keys", TestGateways.secret("provider-keys", Map.of("AZURE_ANTHROPIC_API_BASE", "https://acme-claude.services.ai.azure.com",
                        "azure_us_east", "k", "azure_anthropic", "k")));
        GatewayModel.Result result = GatewayModel.build(gw, SecretLookup.of(secrets));
        assertThat(result.problems()).isEmpty();
        GenericKubernetesResource r = dependent.desired(result.model());

        // the Secret-held api_base joins the provider hosts once the operator can read it
        assertThat(fqdns(r)).contains("matchName=acme-claude.services.ai.azure.com [TCP/443]", "matchName=hooks.slack.com [TCP/443]",
                "matchPattern=*.datadoghq.com [TCP/443]");
        assertThat(egress(r)).anySatisfy(rule -> {
            assertThat(rule.get("toCIDR")).isEqualTo(List.of("192.168.10.0/24"));
            assertThat(ports(rule)).containsExactly("TCP/5432", "TCP/6379");
        });
        assertThat(CrdSchema.load("ciliumnetworkpolicies.cilium.io", "v2").problems(r)).isEmpty();
    }

    @Test
    void envThatLiteLLMReadsItselfGetsItsOwnRule() {
        LiteLLMGateway gw = azureGateway();
        gw.getSpec().env = List.of(new EnvVarBuilder().withName("HTTPS_PROXY")
                .withValue("http://proxy.corp.example:3128").build());
        GenericKubernetesResource r = dependent.desired(TestGateways.model(gw));

        assertThat(fqdns(r)).contains("matchName=proxy.corp.example [TCP/3128]");
        assertThat(CrdSchema.load("ciliumnetworkpolicies.cilium.io", "v2").problems(r)).isEmpty();
    }

    @Test
    void everyFieldExistsInTheUpstreamCrd() {
        LiteLLMGateway gw = azureGateway();
        cilium(gw).egressPorts = List.of(443, 8443);
        gw.getSpec().database = new DatabaseSpec();
        gw.getSpec().database.type = DatabaseSpec.CLOUDNATIVEPG;
        gw.getSpec().cache = new CacheSpec();
        gw.getSpec().cache.type = CacheSpec.DRAGONFLY;
        observability(gw).openTelemetry = new ObservabilitySpec.OpenTelemetry();
        observability(gw).openTelemetry.endpoint = "http://tempo.monitoring.svc:4317";
        gw.getSpec().models.add(modelEntry("qwen", "openai/qwen", "http://10.20.30.40:8080/v1"));
        gw.getSpec().models.add(modelEntry("ext", "openai/ext", "https://llm.example.org:9443/v1"));
        GenericKubernetesResource r = dependent.desired(TestGateways.model(gw));

        CrdSchema schema = CrdSchema.load("ciliumnetworkpolicies.cilium.io", "v2");
        assertThat(schema.problems(r)).isEmpty();
        assertThat(egress(r)).extracting(rule -> rule.keySet().stream().filter(k -> k.startsWith("to") && !k.equals("toPorts")).toList())
                .allSatisfy(selectors -> assertThat(selectors).hasSize(1));
    }

    @Test
    void theSchemaCheckCatchesMistakes() {
        GenericKubernetesResource r = dependent.desired(TestGateways.model(azureGateway()));
        egress(r).get(0).put("toPort", List.of());
        egress(r).get(1).put("toFQDNs", List.of(Map.of("matchName", "*.bad")));
        CrdSchema schema = CrdSchema.load("ciliumnetworkpolicies.cilium.io", "v2");

        assertThat(schema.problems(r)).anyMatch(v -> v.startsWith("spec.egress[0].toPort: unknown field"))
                .anyMatch(v -> v.startsWith("spec.egress[1].toFQDNs[0].matchName: *.bad does not match"));
    }

    @Test
    void enabledOnlyWithCilium() {
        LiteLLMGateway gw = litellm();
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
        networkPolicy(gw);
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
        cilium(gw);
        assertThat(dependent.enabled(TestGateways.model(gw))).isTrue();
    }
}
