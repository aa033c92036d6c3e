package io.llmgw.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.llmgw.TestGateways;

class ConfigRendererTest {

    @SuppressWarnings("unchecked")
    static Map<String, Object> config(GatewayModel model) {
        return (Map<String, Object>) new Yaml().load(model.configYaml());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> section(GatewayModel model, String name) {
        return (Map<String, Object>) config(model).get(name);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> firstModel(GatewayModel model) {
        return ((List<Map<String, Object>>) config(model).get("model_list")).get(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void rendersTypedModelFieldsAndKeepsSecretsAsEnvironmentReferences() {
        GatewayModel model = TestGateways.model("""
                credentials:
                  - name: azure-east
                    apiKey: {secretKeyRef: {name: azure, key: key}}
                    apiBase: {value: "https://east.openai.azure.com"}
                    apiVersion: {value: "2024-10-21"}
                models:
                  - name: gpt-4.1
                    model: azure/gpt-4.1
                    credential: azure-east
                    id: "41"
                    mode: chat
                    rpm: 250
                    tpm: 250000
                    maxTokens: 13107
                    accessGroups: [premium-models, org-a-models]
                    cacheControlInjectionPoints: [{location: message, role: system}]
                    thinking: {type: enabled, budgetTokens: 2048}
                    mergeReasoningContentInChoices: true
                    disableBackgroundHealthCheck: true
                    litellmParams: {drop_params: true, max_tokens: 1}
                """);
        Map<String, Object> m = firstModel(model);
        Map<String, Object> params = (Map<String, Object>) m.get("litellm_params");
        Map<String, Object> info = (Map<String, Object>) m.get("model_info");
        assertThat(m.get("model_name")).isEqualTo("gpt-4.1");
        assertThat(params).containsEntry("model", "azure/gpt-4.1").containsEntry("litellm_credential_name", "azure-east")
                .containsEntry("rpm", 250).containsEntry("tpm", 250000)
                .containsEntry("max_tokens", 13107) // typed field wins over the free-form one
                .containsEntry("drop_params", true)
                .containsEntry("merge_reasoning_content_in_choices", true)
                .containsEntry("thinking", Map.of("type", "enabled", "budget_tokens", 2048))
                .containsEntry("cache_control_injection_points", List.of(Map.of("location", "message", "role", "system")));
        assertThat(info).containsEntry("id", "41").containsEntry("mode", "chat")
                .containsEntry("access_groups", List.of("premium-models", "org-a-models"))
                .containsEntry("disable_background_health_check", true);

        Map<String, Object> credential = ((List<Map<String, Object>>) config(model).get("credential_list")).get(0);
        assertThat(credential.get("credential_name")).isEqualTo("azure-east");
        assertThat((Map<String, Object>) credential.get("credential_values"))
                .containsEntry("api_key", "os.environ/LLMGW_AZURE__KEY")
                .containsEntry("api_base", "https://east.openai.azure.com")
                .containsEntry("api_version", "2024-10-21");
        assertThat(model.proxyEnv()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("LLMGW_AZURE__KEY");
            assertThat(v.getValueFrom().getSecretKeyRef().getName()).isEqualTo("azure");
            assertThat(v.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("key");
        });
        assertThat(section(model, "general_settings")).containsEntry("master_key", "os.environ/LITELLM_MASTER_KEY");
    }

    @Test
    void modelIdsAreStableAndDoNotDependOnOrder() {
        String two = """
                models:
                  - {name: a, model: openai/a}
                  - {name: b, model: openai/b}
                """;
        String swapped = """
                models:
                  - {name: b, model: openai/b}
                  - {name: a, model: openai/a}
                """;
        assertThat(firstModel(TestGateways.model(two)).get("model_info")).isEqualTo(
                Map.of("id", ConfigRenderer.defaultModelId("a")));
        assertThat(ConfigRenderer.defaultModelId("a")).isEqualTo(ConfigRenderer.defaultModelId("a"))
                .isNotEqualTo(ConfigRenderer.defaultModelId("b")).hasSize(16);
        assertThat(TestGateways.model(two).configYaml()).isEqualTo(TestGateways.model(two).configYaml());
        assertThat(firstModel(TestGateways.model(swapped)).get("model_info")).isEqualTo(Map.of("id", ConfigRenderer.defaultModelId("b")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aModelGroupRendersOneEntryPerDeploymentWithItsOwnIdWeightAndOrder() {
        String spec = """
                credentials:
                  - {name: east, apiKey: {secretKeyRef: {name: azure, key: east}}, apiBase: {value: "https://east.openai.azure.com"}}
                  - {name: west, apiKey: {secretKeyRef: {name: azure, key: west}}, apiBase: {value: "https://west.openai.azure.com"}}
                models:
                  - {name: gpt-4o, model: azure/gpt-4o, credential: east, id: gpt-4o-east, weight: 3, rpm: 600, tags: [eastus]}
                  - {name: gpt-4o, model: azure/gpt-4o, credential: west, id: gpt-4o-west, weight: 1, order: 2, tpm: 90000}
                  - {name: mini, model: openai/gpt-4o-mini}
                routerSettings: {fallbacks: [{model: gpt-4o, to: [mini]}]}
                """;
        GatewayModel model = TestGateways.model(spec);
        // One deployment's weight is part of the config: changing it rolls the pods.
        assertThat(TestGateways.model(spec.replace("weight: 1,", "weight: 2,")).configHash()).isNotEqualTo(model.configHash());
        List<Map<String, Object>> list = (List<Map<String, Object>>) config(model).get("model_list");
        assertThat(list).extracting(m -> m.get("model_name")).containsExactly("gpt-4o", "gpt-4o", "mini");
        assertThat(list).extracting(m -> ((Map<String, Object>) m.get("model_info")).get("id"))
                .containsExactly("gpt-4o-east", "gpt-4o-west", ConfigRenderer.defaultModelId("mini"));
        Map<String, Object> east = (Map<String, Object>) list.get(0).get("litellm_params");
        Map<String, Object> west = (Map<String, Object>) list.get(1).get("litellm_params");
        assertThat(east).containsEntry("litellm_credential_name", "east").containsEntry("weight", 3).containsEntry("rpm", 600)
                .containsEntry("tags", List.of("eastus")).doesNotContainKey("order");
        assertThat(west).containsEntry("litellm_credential_name", "west").containsEntry("weight", 1).containsEntry("order", 2)
                .containsEntry("tpm", 90000);
        assertThat(section(model, "router_settings")).containsEntry("fallbacks", List.of(Map.of("gpt-4o", List.of("mini"))));
        assertThat(model.modelCount()).isEqualTo(2);
        assertThat(model.deploymentCount()).isEqualTo(3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRoutersRedisClientGetsTheCachesTlsAndNamespaceToo() {
        GatewayModel model = TestGateways.model("""
                models:
                  - {name: a, model: openai/a}
                routerSettings: {routingStrategy: usage-based-routing-v2, extra: {cache_kwargs: {socket_timeout: 2}}}
                cache: {type: Redis, namespace: "team-a", redis: {host: redis.example.com, port: 6380, tls: true}}
                """);
        Map<String, Object> router = section(model, "router_settings");
        assertThat(router).containsEntry("redis_host", "redis.example.com").containsEntry("redis_port", 6380)
                .containsEntry("cache_kwargs", Map.of("socket_timeout", 2, "ssl", true, "namespace", "team-a"));
        assertThat((Map<String, Object>) section(model, "litellm_settings").get("cache_params")).containsEntry("ssl", true);
        GatewayModel plain = TestGateways.model("""
                models:
                  - {name: a, model: openai/a}
                cache: {type: Redis, redis: {host: redis.example.com}}
                """);
        assertThat(section(plain, "router_settings")).containsEntry("redis_host", "redis.example.com").doesNotContainKey("cache_kwargs");
    }

    @Test
    @SuppressWarnings("unchecked")
    void routerSettingsRenderRetryPolicyFallbacksAndSharedRedis() {
        GatewayModel model = TestGateways.model("""
                models:
                  - {name: primary, model: openai/a}
                  - {name: backup, model: openai/b}
                routerSettings:
                  routingStrategy: simple-shuffle
                  timeout: 120
                  allowedFails: 3
                  cooldownTime: 30
                  retryPolicy: {authenticationErrorRetries: 1, timeoutErrorRetries: 2, rateLimitErrorRetries: 3,
                                contentPolicyViolationErrorRetries: 2, internalServerErrorRetries: 3}
                  fallbacks: [{model: primary, to: [backup]}]
                  extra: {routing_strategy: least-busy, redis_host: wrong, set_verbose: false}
                cache: {type: Dragonfly, ttl: 600}
                """);
        Map<String, Object> router = section(model, "router_settings");
        assertThat(router).containsEntry("routing_strategy", "simple-shuffle").containsEntry("timeout", 120)
                .containsEntry("allowed_fails", 3).containsEntry("cooldown_time", 30).containsEntry("set_verbose", false)
                .containsEntry("fallbacks", List.of(Map.of("primary", List.of("backup"))))
                .containsEntry("redis_host", "gw-cache.ns.svc").containsEntry("redis_port", 6379)
                .containsEntry("redis_password", "os.environ/REDIS_PASSWORD");
        assertThat((Map<String, Object>) router.get("retry_policy")).containsExactly(
                Map.entry("AuthenticationErrorRetries", 1), Map.entry("TimeoutErrorRetries", 2), Map.entry("RateLimitErrorRetries", 3),
                Map.entry("ContentPolicyViolationErrorRetries", 2), Map.entry("InternalServerErrorRetries", 3));
    }

    @Test
    @SuppressWarnings("unchecked")
    void cacheAndObservabilityAddTheirSettingsAndCallbacks() {
        GatewayModel model = TestGateways.model(TestGateways.ONE_MODEL + """
                litellmSettings: {callbacks: [custom_logger], jsonLogs: true, maxBudget: "1000", budgetDuration: 30d}
                cache: {type: Redis, redis: {host: redis.shared, port: 6380, passwordSecretRef: {name: redis, key: pw}},
                        ttl: 600, mode: default_on, supportedCallTypes: [acompletion, aembedding], namespace: gw1}
                observability:
                  prometheus: {enabled: true}
                  openTelemetry: {endpoint: "http://tempo.monitoring.svc:4317"}
                  langfuse: {host: "https://langfuse.example.com", publicKeyRef: {name: lf, key: pk}, secretKeyRef: {name: lf, key: sk}}
                """);
        Map<String, Object> settings = section(model, "litellm_settings");
        assertThat(settings).containsEntry("cache", true).containsEntry("json_logs", true)
                .containsEntry("max_budget", 1000.0).containsEntry("budget_duration", "30d")
                .containsEntry("callbacks", List.of("custom_logger", "prometheus", "otel"))
                .containsEntry("success_callback", List.of("langfuse"));
        assertThat((Map<String, Object>) settings.get("cache_params")).containsEntry("type", "redis")
                .containsEntry("host", "redis.shared").containsEntry("port", 6380).containsEntry("password", "os.environ/REDIS_PASSWORD")
                .containsEntry("ttl", 600).containsEntry("mode", "default_on").containsEntry("namespace", "gw1")
                .containsEntry("supported_call_types", List.of("acompletion", "aembedding"));
        assertThat(model.proxyEnv()).extracting(v -> v.getName())
                .contains("REDIS_PASSWORD", "OTEL_EXPORTER", "OTEL_ENDPOINT", "LANGFUSE_HOST", "LANGFUSE_PUBLIC_KEY", "LANGFUSE_SECRET_KEY", "JSON_LOGS");
    }

    @Test
    void telemetryIsVetoedByTheVariableLiteLLMReadsNotByASetting() {
        GatewayModel off = TestGateways.model(TestGateways.ONE_MODEL + "litellmSettings: {dropParams: true}");
        assertThat(section(off, "litellm_settings")).containsEntry("drop_params", true).doesNotContainKey("telemetry");
        assertThat(off.proxyEnv()).anyMatch(v -> v.getName().equals("LITELLM_TELEMETRY_DISABLED") && "true".equals(v.getValue()));
        GatewayModel on = TestGateways.model(TestGateways.ONE_MODEL + "litellmSettings: {telemetry: true, dropParams: true}");
        assertThat(section(on, "litellm_settings")).containsEntry("drop_params", true).doesNotContainKey("telemetry");
        assertThat(on.proxyEnv()).noneMatch(v -> v.getName().equals("LITELLM_TELEMETRY_DISABLED"));
    }

    @Test
    void maxFileSizeGoesToGeneralSettingsWhereLiteLLMReadsIt() {
        GatewayModel model = TestGateways.model(TestGateways.ONE_MODEL + "litellmSettings: {maxFileSizeMb: 25}");
        assertThat(section(model, "general_settings")).containsEntry("max_file_size_mb", 25);
        // Nothing else asked for litellm_settings: the section is not rendered at all.
        assertThat(section(model, "litellm_settings")).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void ssoWiresKeycloakEndpointsAndJwtAuth() {
        GatewayModel model = TestGateways.model(TestGateways.ONE_MODEL + """
                sso:
                  issuerUrl: https://sso.example.com/realms/acme
                  clientId: litellm
                  clientSecretRef: {name: oidc, key: secret}
                  uiAccessMode: admin_only
                  jwt: {enabled: true, userIdClaim: sub, teamIdsClaim: groups}
                route:
                  hostnames: [llm.example.com]
                  parentRefs: [{name: envoy, namespace: network}]
                """);
        var env = model.proxyEnv().stream().filter(v -> v.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(v -> v.getName(), v -> v.getValue()));
        assertThat(env).containsEntry("GENERIC_AUTHORIZATION_ENDPOINT", "https://sso.example.com/realms/acme/protocol/openid-connect/auth")
                .containsEntry("GENERIC_TOKEN_ENDPOINT", "https://sso.example.com/realms/acme/protocol/openid-connect/token")
                .containsEntry("GENERIC_USERINFO_ENDPOINT", "https://sso.example.com/realms/acme/protocol/openid-connect/userinfo")
                .containsEntry("JWT_PUBLIC_KEY_URL", "https://sso.example.com/realms/acme/protocol/openid-connect/certs")
                .containsEntry("PROXY_BASE_URL", "https://llm.example.com").containsEntry("GENERIC_CLIENT_ID", "litellm");
        Map<String, Object> general = section(model, "general_settings");
        assertThat(general).containsEntry("ui_access_mode", "admin_only").containsEntry("enable_jwt_auth", true);
        assertThat((Map<String, Object>) general.get("litellm_jwtauth")).containsEntry("user_id_jwt_field", "sub")
                .containsEntry("team_ids_jwt_field", "groups");
    }

    @Test
    void freeFormSectionsPassThrough() {
        GatewayModel model = TestGateways.model(TestGateways.ONE_MODEL + """
                guardrails:
                  - guardrail_name: prompt-injection
                    litellm_params: {guardrail: presidio, mode: pre_call}
                mcpServers:
                  github: {url: "https://mcp.example.com/mcp", transport: http}
                """);
        assertThat(config(model).get("guardrails")).isEqualTo(List.of(Map.of("guardrail_name", "prompt-injection",
                "litellm_params", Map.of("guardrail", "presidio", "mode", "pre_call"))));
        assertThat(config(model).get("mcp_servers")).isEqualTo(Map.of("github", Map.of("url", "https://mcp.example.com/mcp", "transport", "http")));
    }
}
