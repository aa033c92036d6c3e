package io.llmgw.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.Egress.Kind;
import io.llmgw.model.Egress.Target;

/** One test per kind of destination: derived into the policies' input, or reported with where it comes from. */
class EgressTest {
    private static final String ONE_MODEL = "models: [{name: a, model: openai/gpt-4.1}]\nnetworkPolicy: {enabled: true, cilium: {enabled: true}}\n";

    private static GatewayModel offline(String specYaml) {
        return TestGateways.model(specYaml);
    }

    private static GatewayModel withSecrets(String specYaml, Secret... secrets) {
        Map<String, Secret> byName = new java.util.HashMap<>();
        for (Secret s : secrets) {
            byName.put(s.getMetadata().getName(), s);
        }
        LiteLLMGateway gw = TestGateways.gateway(specYaml);
        GatewayModel.Result result = GatewayModel.build(gw, SecretLookup.of(byName));
        assertThat(result.problems()).isEmpty();
        return result.model();
    }

    @Test
    void providersWithoutApiBaseUseTheirPublicEndpoint() {
        Egress e = offline(ONE_MODEL).egress();
        assertThat(e.providerHosts()).containsExactly("api.openai.com");
        assertThat(e.providerPorts()).containsExactly(443);
        assertThat(e.targets()).isEmpty();
        assertThat(e.unresolved()).isEmpty();
    }

    @Test
    void anUnknownProviderWithoutApiBaseIsReported() {
        GatewayModel m = offline("models: [{name: b, model: bedrock/claude}]\nnetworkPolicy: {enabled: true}\n");
        assertThat(m.egress().providerHosts()).isEmpty();
        assertThat(m.warnings()).singleElement().asString()
                .contains("spec.models[b] (provider bedrock) has no api_base")
                .contains("spec.networkPolicy.extraEgress: [{fqdn: <bedrock endpoint>, ports: [443]}]");
    }

    @Test
    void apiBasesOnAProviderPortAreProviderHostsOthersTargets() {
        Egress e = offline("""
                models:
                  - {name: a, model: azure/gpt-4.1, apiBase: {value: "https://east.openai.azure.com"}}
                  - {name: b, model: openai/x, apiBase: {value: "https://llm.example.org:9443/v1"}}
                  - {name: c, model: hosted_vllm/x, apiBase: {value: "http://vllm.models.svc.cluster.local:8000/v1"}}
                  - {name: d, model: openai/y, apiBase: {value: "http://10.20.30.40:8080/v1"}}
                  - {name: e, model: openai/z, litellmParams: {api_base: "https://free.example.net/v1"}}
                """).egress();
        assertThat(e.providerHosts()).containsExactly("east.openai.azure.com", "free.example.net");
        assertThat(e.targets()).containsExactly(new Target("llm.example.org", 9443), new Target("vllm.models.svc.cluster.local", 8000),
                new Target("10.20.30.40", 8080));
        assertThat(e.targets()).extracting(Target::kind).containsExactly(Kind.EXTERNAL, Kind.CLUSTER, Kind.IP);
    }

    @Test
    void everyDeploymentOfAGroupContributesItsOwnHostAndIsNamedByIdWhenUnresolved() {
        GatewayModel m = offline("""
                credentials:
                  - {name: west, apiBase: {value: "https://west.openai.azure.com"}}
                models:
                  - {name: gpt-4o, model: azure/gpt-4o, id: east, apiBase: {value: "https://east.openai.azure.com"}}
                  - {name: gpt-4o, model: azure/gpt-4o, id: west, credential: west}
                  - {name: gpt-4o, model: hosted_vllm/gpt-4o, id: local, apiBase: {value: "http://vllm.models.svc:8000/v1"}}
                  - {name: gpt-4o, model: bedrock/gpt-4o, id: aws}
                networkPolicy: {enabled: true}
                """);
        assertThat(m.egress().providerHosts()).containsExactly("east.openai.azure.com", "west.openai.azure.com");
        assertThat(m.egress().targets()).containsExactly(new Target("vllm.models.svc", 8000));
        assertThat(m.warnings()).singleElement().asString().contains("spec.models[gpt-4o id aws] (provider bedrock) has no api_base");
    }

    @Test
    void anApiBaseInASecretIsReadByTheOperatorAndReportedOffline() {
        String spec = """
                credentials: [{name: c, apiBase: {secretKeyRef: {name: azure, key: base}}}]
                models: [{name: a, model: azure/gpt-4.1, credential: c}]
                networkPolicy: {enabled: true, cilium: {enabled: true}}
                """;
        GatewayModel offline = offline(spec);
        assertThat(offline.egress().providerHosts()).isEmpty();
        assertThat(offline.warnings()).singleElement().asString()
                .contains("spec.credentials[c].apiBase is read from Secret azure key base: an offline render cannot read it");

        GatewayModel live = withSecrets(spec, TestGateways.secret("azure", Map.of("base", "https://west.openai.azure.com/")));
        assertThat(live.egress().providerHosts()).containsExactly("west.openai.azure.com");
        assertThat(live.warnings()).isEmpty();
    }

    @Test
    void theAlertWebhookHostComesFromItsSecretAndItsValueIsNeverReported() {
        String spec = ONE_MODEL + "observability: {alerting: {webhookUrlSecretRef: {name: alerts, key: url}}}\n";
        GatewayModel live = withSecrets(spec, TestGateways.secret("alerts", Map.of("url", "https://hooks.slack.com/services/T0/B0/SECRETPATH")));
        assertThat(live.egress().targets()).containsExactly(new Target("hooks.slack.com", 443));

        GatewayModel discord = withSecrets(spec, TestGateways.secret("alerts", Map.of("url", "https://discord.com/api/webhooks/1/tok/slack")));
        assertThat(discord.egress().targets()).containsExactly(new Target("discord.com", 443));

        GatewayModel garbage = withSecrets(spec, TestGateways.secret("alerts", Map.of("url", "not a url SECRETPATH")));
        assertThat(garbage.warnings()).singleElement().asString().contains("Secret alerts key url").doesNotContain("SECRETPATH");

        assertThat(offline(spec).warnings()).singleElement().asString()
                .contains("alert webhook").contains("Secret alerts key url").contains("the operator allows its host at reconcile");
    }

    @Test
    void aWebhookSecretNotReadNamesTheFieldAndTheExtraEgressEntryThatAllowsIt() {
        GatewayModel m = offline(ONE_MODEL + "observability: {alerting: {webhookUrlSecretRef: {name: alerts, key: url}}}\n");
        assertThat(m.egress().targets()).isEmpty();
        assertThat(m.warnings()).singleElement().asString()
                .startsWith("egress not derived: spec.observability.alerting.webhookUrlSecretRef (the alert webhook) is read from Secret alerts key url")
                .contains("an offline render cannot read it")
                .contains("spec.networkPolicy.extraEgress: [{fqdn: hooks.slack.com, ports: [443]}]")
                .contains("discord.com for Discord").contains("webhook.office.com for Teams");
    }

    @Test
    void envThatLiteLLMReadsItselfIsDerivedPlainOrFromItsSecret() {
        String spec = ONE_MODEL + """
                env:
                  - {name: HTTPS_PROXY, value: "http://proxy.corp.example:3128"}
                  - {name: UI_LOGO_PATH, value: "file:///app/logo.png"}
                  - {name: GENERIC_LOGGER_ENDPOINT, valueFrom: {secretKeyRef: {name: hooks, key: logger}}}
                  - {name: LITELLM_LICENSE, valueFrom: {secretKeyRef: {name: hooks, key: license}}}
                  - {name: S3_ENDPOINT, valueFrom: {secretKeyRef: {name: hooks, key: s3}}}
                litellmSettings: {extra: {s3_callback_params: {s3_endpoint_url: os.environ/S3_ENDPOINT}}}
                """;
        GatewayModel live = withSecrets(spec, TestGateways.secret("hooks",
                Map.of("logger", "https://logs.example.com/ingest", "license", "not-a-url", "s3", "https://s3.example.com")));
        assertThat(live.egress().targets()).containsExactlyInAnyOrder(new Target("proxy.corp.example", 3128),
                new Target("logs.example.com", 443), new Target("s3.example.com", 443));
        assertThat(live.warnings()).isEmpty();
        // Offline, each Secret-held endpoint is reported once, under the field that reads it.
        assertThat(offline(spec).warnings()).filteredOn(w -> w.startsWith("egress not derived")).satisfiesExactlyInAnyOrder(
                w -> assertThat(w).contains("spec.env GENERIC_LOGGER_ENDPOINT is read from Secret hooks key logger"),
                w -> assertThat(w).contains("s3_endpoint_url (spec.env S3_ENDPOINT) is read from Secret hooks key s3"));
    }

    @Test
    void telemetryAndSsoFromTheirUrls() {
        Egress e = offline(ONE_MODEL + """
                observability:
                  openTelemetry: {endpoint: "http://tempo.monitoring.svc:4317"}
                  langfuse: {host: "https://cloud.langfuse.com", publicKeyRef: {name: l, key: p}, secretKeyRef: {name: l, key: s}}
                sso: {issuerUrl: "https://keycloak.example.com/realms/acme", clientId: c, clientSecretRef: {name: o, key: s}, proxyBaseUrl: "https://gw.example.com"}
                """).egress();
        assertThat(e.targets()).containsExactly(new Target("tempo.monitoring.svc", 4317), new Target("cloud.langfuse.com", 443),
                new Target("keycloak.example.com", 443));
        assertThat(e.unresolved()).isEmpty();
    }

    @Test
    void anExternalRedisByHostAndAShortServiceNameInTheOwnNamespace() {
        Egress e = offline(ONE_MODEL + "cache: {type: Redis, redis: {host: redis, port: 6380}}\n").egress();
        assertThat(e.targets()).singleElement().satisfies(t -> {
            assertThat(t.port()).isEqualTo(6380);
            assertThat(t.kind()).isEqualTo(Kind.CLUSTER);
            assertThat(t.namespace()).contains("ns");
        });
        assertThat(offline(ONE_MODEL + "cache: {type: Redis, redis: {host: redis.example.com}}\n").egress().targets())
                .containsExactly(new Target("redis.example.com", 6379));
    }

    @Test
    void anExternalDatabaseHostComesFromTheUrlSecretWithoutEchoingThePassword() {
        String spec = ONE_MODEL + "database: {type: External, external: {urlSecretRef: {name: db, key: url}}}\n";
        GatewayModel live = withSecrets(spec, TestGateways.secret("db", Map.of("url", "postgresql://app:hunter2@pg.example.com/litellm?sslmode=require")));
        assertThat(live.egress().targets()).containsExactly(new Target("pg.example.com", 5432));

        GatewayModel multiHost = withSecrets(spec, TestGateways.secret("db", Map.of("url", "postgresql://app:hunter2@a:5432,b:5432/litellm")));
        assertThat(multiHost.warnings()).singleElement().asString().contains("Secret db key url").doesNotContain("hunter2");

        assertThat(offline(spec).warnings()).singleElement().asString().contains("the database");
    }

    @Test
    void mcpServersByUrlAndStdioServersReported() {
        GatewayModel m = offline(ONE_MODEL + """
                env: [{name: GH_MCP_URL, value: "https://api.githubcopilot.com/mcp/"}]
                mcpServers:
                  deepwiki: {url: "https://mcp.deepwiki.com/mcp", transport: http}
                  tools: {url: "http://mcp-tools.agents.svc:8080/mcp"}
                  github: {url: os.environ/GH_MCP_URL}
                  local: {command: npx, args: ["-y", "@modelcontextprotocol/server-everything"], transport: stdio}
                """);
        assertThat(m.egress().targets()).containsExactly(new Target("mcp.deepwiki.com", 443), new Target("mcp-tools.agents.svc", 8080),
                new Target("api.githubcopilot.com", 443));
        assertThat(m.warnings()).singleElement().asString().contains("spec.mcpServers.local runs a local command");
    }

    @Test
    void guardrailEndpointsAndVendorsWithoutOne() {
        GatewayModel m = offline(ONE_MODEL + """
                env: [{name: LAKERA_KEY, valueFrom: {secretKeyRef: {name: lakera, key: key}}}]
                presidio: {enabled: true}
                guardrails:
                  - {guardrail_name: aporia, litellm_params: {guardrail: aporia, mode: pre_call, api_base: "https://gr.aporia.com/abc"}}
                  - {guardrail_name: pii, litellm_params: {guardrail: presidio, mode: pre_call}}
                  - {guardrail_name: lakera, litellm_params: {guardrail: lakera_v2, mode: pre_call, api_key: os.environ/LAKERA_KEY}}
                """);
        assertThat(m.egress().targets()).containsExactly(new Target("gr.aporia.com", 443));
        assertThat(m.warnings()).singleElement().asString().contains("spec.guardrails[lakera] (guardrail lakera_v2) has no api_base");
    }

    @Test
    void urlsInFreeFormSectionsAndEnvReferencesThatCannotBeResolved() {
        GatewayModel m = offline(ONE_MODEL + """
                envFrom: [{secretRef: {name: more}}]
                generalSettings: {extra: {alerting_webhook: "https://alerts.example.com/hook"}}
                litellmSettings: {extra: {s3_callback_params: {s3_endpoint_url: os.environ/S3_ENDPOINT}}}
                """);
        assertThat(m.egress().targets()).containsExactly(new Target("alerts.example.com", 443));
        assertThat(m.warnings()).anyMatch(w -> w.contains("s3_endpoint_url reads S3_ENDPOINT, which spec.env does not set"));
    }

    @Test
    void callbacksWithoutADerivedEndpointAreReported() {
        GatewayModel m = offline(ONE_MODEL + """
                litellmSettings: {callbacks: [prometheus, otel], successCallbacks: [datadog]}
                observability: {openTelemetry: {endpoint: "https://otlp.example.com"}}
                """);
        assertThat(m.warnings()).singleElement().asString().contains("callback datadog");
    }

    @Test
    void extraEgressAddsFqdnsAndCidrsOnTheirPorts() {
        Egress e = offline(ONE_MODEL.replace("cilium: {enabled: true}", """
                cilium: {enabled: true}, extraEgress: [{fqdn: "*.datadoghq.com", ports: [443]}, {cidr: 192.168.10.0/24, ports: [5432, 6379]}]""")).egress();
        assertThat(e.targets()).containsExactly(new Target("*.datadoghq.com", 443), new Target("192.168.10.0/24", 5432),
                new Target("192.168.10.0/24", 6379));
        assertThat(e.targets()).extracting(Target::kind).containsExactly(Kind.EXTERNAL, Kind.IP, Kind.IP);
        assertThat(new Target("192.168.10.0/24", 1).cidr()).isEqualTo("192.168.10.0/24");
        assertThat(new Target("fd00::1", 1).cidr()).isEqualTo("fd00::1/128");
    }

    @Test
    void loopbackNeedsNoRuleAndNothingIsReportedWithoutANetworkPolicy() {
        GatewayModel m = offline("models: [{name: b, model: bedrock/claude}, {name: c, model: openai/x, apiBase: {value: \"http://localhost:8000\"}}]\n");
        assertThat(m.egress().targets()).isEmpty();
        assertThat(m.egress().unresolved()).hasSize(1);
        assertThat(m.warnings()).isEmpty();
    }

    @Test
    void cidrsAreCheckedBeyondTheSchemaPattern() {
        assertThat(NetworkSection.validCidr("10.0.0.0/8")).isTrue();
        assertThat(NetworkSection.validCidr("fd00::/8")).isTrue();
        assertThat(NetworkSection.validCidr("2001:db8::1/128")).isTrue();
        assertThat(NetworkSection.validCidr(":::/8")).isFalse();
        assertThat(NetworkSection.validCidr("1:2:3:4:5:6:7:8:9/64")).isFalse();
        assertThat(NetworkSection.validCidr("300.0.0.0/8")).isFalse();
        assertThat(NetworkSection.validCidr("10.0.0.0")).isFalse();
        assertThat(GatewayModel.build(TestGateways.gateway("""
                models: [{name: a, model: openai/x}]
                networkPolicy: {enabled: true, extraEgress: [{fqdn: a.example.com, cidr: 10.0.0.0/8, ports: [443]}, {cidr: 999.1.1.1/32, ports: [1]}]}
                """), SecretLookup.offline()).problems()).extracting(Problem::message)
                .containsExactly("spec.networkPolicy.extraEgress[0]: set exactly one of fqdn or cidr",
                        "spec.networkPolicy.extraEgress[1].cidr \"999.1.1.1/32\" is not a CIDR");
    }
}
