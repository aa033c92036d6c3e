package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.it.support.ItEnvironment;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.SecretLookup;
import io.llmgw.operator.dependent.CiliumNetworkPolicyDependent;
import io.llmgw.operator.dependent.NetworkPolicyDependent;

/**
 * The egress and ingress policies of a gateway that reaches every kind of destination (providers public, in the
 * cluster and by address, telemetry, SSO, the alert webhook, external Redis and Postgres, MCP, guardrails, spec.env,
 * extraEgress names and IPv4/IPv6 ranges) and admits ingressFrom pairs: the real API server accepts each policy
 * under the real NetworkPolicy schema and the real Cilium CRD, strictly (no unknown or dropped field). The
 * examples cover fewer kinds (ExamplesIT).
 */
class EgressPoliciesIT {
    static final String EVERY_DESTINATION = """
            models:
              - {name: a, model: openai/gpt-4.1}
              - {name: b, model: azure/gpt-4.1, apiBase: {value: "https://east.openai.azure.com"}}
              - {name: c, model: hosted_vllm/llama, apiBase: {value: "http://vllm.models.svc.cluster.local:8000/v1"}}
              - {name: d, model: openai/y, apiBase: {value: "http://10.20.30.40:8080/v1"}}
            observability:
              openTelemetry: {endpoint: "http://tempo.monitoring.svc:4317"}
              langfuse: {host: "https://cloud.langfuse.com", publicKeyRef: {name: l, key: p}, secretKeyRef: {name: l, key: s}}
              alerting: {webhookUrlSecretRef: {name: alerts, key: url}}
            sso: {issuerUrl: "https://keycloak.example.com/realms/acme", clientId: c, clientSecretRef: {name: o, key: s}}
            cache: {type: Redis, redis: {host: redis.example.com, port: 6380}}
            database: {type: External, external: {urlSecretRef: {name: db, key: url}}}
            env: [{name: HTTPS_PROXY, value: "http://proxy.corp.example:3128"}]
            mcpServers:
              deepwiki: {url: "https://mcp.deepwiki.com/mcp", transport: http}
            guardrails:
              - {guardrail_name: aporia, litellm_params: {guardrail: aporia, mode: pre_call, api_base: "https://gr.aporia.com/abc"}}
            networkPolicy:
              enabled: true
              ingressFrom:
                - {namespace: envoy-gateway-system, podLabels: {gateway.envoyproxy.io/owning-gateway-name: external}}
                - {namespace: batch}
              extraEgress:
                - {fqdn: "*.datadoghq.com", ports: [443]}
                - {cidr: 192.168.10.0/24, ports: [5432, 6379]}
                - {cidr: "fd00::/8", ports: [9000]}
              cilium: {enabled: CILIUM}
            """;
    static ItEnvironment env;
    static KubernetesClient client;

    @BeforeAll
    static void environment() {
        env = ItEnvironment.get();
        client = env.client();
    }

    @Test
    void everyDestinationKindIsAcceptedByTheRealNetworkPolicyAndCiliumSchemas() {
        String ns = env.controlPlane().createNamespace("egress");
        GatewayModel withCilium = model(ns, true);
        GatewayModel without = model(ns, false);
        assertThat(withCilium.egress().unresolved()).as("every destination of this spec is derived").isEmpty();

        // Without Cilium the standard policy carries egress too; with it, ingress only and the Cilium policy egress.
        applyStrictly(new NetworkPolicyDependent().desired(without));
        applyStrictly(new NetworkPolicyDependent().desired(withCilium));
        var cilium = new CiliumNetworkPolicyDependent().desired(withCilium);
        String spec = String.valueOf(cilium.getAdditionalProperties().get("spec"));
        assertThat(spec).contains("hooks.slack.com", "pg.example.com", "proxy.corp.example", "mcp.deepwiki.com", "gr.aporia.com",
                "keycloak.example.com", "cloud.langfuse.com", "redis.example.com", "*.datadoghq.com", "fd00::/8", "10.20.30.40/32");
        applyStrictly(cilium);
    }

    private static GatewayModel model(String ns, boolean cilium) {
        LiteLLMGateway gw = TestGateways.gateway(EVERY_DESTINATION.replace("CILIUM", String.valueOf(cilium)));
        gw.getMetadata().setNamespace(ns);
        // The policies are owned by the gateway: the server wants a uid in an owner reference.
        gw.getMetadata().setUid(UUID.randomUUID().toString());
        Map<String, Secret> secrets = Map.of(
                "alerts", TestGateways.secret("alerts", Map.of("url", "https://hooks.slack.com/services/T0/B0/x")),
                "db", TestGateways.secret("db", Map.of("url", "postgresql://app:pw@pg.example.com:5433/litellm")),
                "l", TestGateways.secret("l", Map.of("p", "pk", "s", "sk")),
                "o", TestGateways.secret("o", Map.of("s", "client-secret")));
        GatewayModel.Result result = GatewayModel.build(gw, SecretLookup.of(secrets));
        assertThat(result.problems()).isEmpty();
        return result.model();
    }

    /** A dry run: the server validates and defaults it fully, and no object is left for the operator to notice. */
    private static void applyStrictly(HasMetadata policy) {
        HasMetadata accepted = client.resource(policy).dryRun().fieldValidation(FieldValidateable.Validation.STRICT)
                .fieldManager("egress-it").forceConflicts().serverSideApply();
        // Nothing the server does not know is silently dropped (strict validation refuses it, this double-checks).
        if (policy instanceof NetworkPolicy np) {
            assertThat(((NetworkPolicy) accepted).getSpec()).as("NetworkPolicy as sent").isEqualTo(np.getSpec());
        } else {
            assertThat(((GenericKubernetesResource) accepted).getAdditionalProperties().get("spec")).as(policy.getKind() + " as sent")
                    .isEqualTo(((GenericKubernetesResource) policy).getAdditionalProperties().get("spec"));
        }
    }
}
