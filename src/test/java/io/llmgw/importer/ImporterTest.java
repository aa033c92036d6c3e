package io.llmgw.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.llmgw.api.v1alpha1.CacheSpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;
import io.llmgw.api.v1alpha1.ModelSpec;
import io.llmgw.api.v1alpha1.SecretKeyRef;
import io.llmgw.api.v1alpha1.ValueSource;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.SecretLookup;
import io.llmgw.model.UnreadSettings;

class ImporterTest {
    /** Literal secrets in the input: none of them may appear in the output or the report. */
    static final String LOCAL_KEY = "sk-literal-local-0123456789";
    static final String GUARDRAIL_KEY = "lk-literal-guardrail-abcdef";

    /** A hand-written config of the kind teams migrate from. */
    static final String CONFIG = """
            model_list:
              - model_name: gpt-4o
                litellm_params:
                  model: azure/gpt-4o
                  litellm_credential_name: azure-east
                  rpm: 500
                  tpm: 500000
                  max_tokens: 4096
                  tags: [premium]
                  cache_control_injection_points:
                    - location: message
                      role: system
                model_info:
                  id: gpt-4o-east
                  mode: chat
                  access_groups: [premium-models]
              - model_name: gpt-4o-mini
                litellm_params:
                  model: azure/gpt-4o-mini
                  litellm_credential_name: azure-east
                  timeout: 60
                  stream_timeout: 120
                  max_retries: 1
                model_info:
                  id: 42
                  base_model: azure/gpt-4o-mini-2024-07-18
              - model_name: claude-sonnet
                litellm_params:
                  model: anthropic/claude-sonnet-4-5
                  api_key: os.environ/ANTHROPIC_API_KEY
                  max_tokens: 16384
                  thinking: {type: enabled, budget_tokens: 8192}
                  merge_reasoning_content_in_choices: true
                model_info:
                  id: claude
              - model_name: embed-small
                litellm_params:
                  model: azure/text-embedding-3-small
                  api_base: https://east.openai.azure.com
                  api_key: os.environ/AZURE_API_KEY
                  api_version: 2024-10-21
                model_info:
                  id: embed
                  mode: embedding
                  disable_background_health_check: true
                  health_check_timeout: 10
              - model_name: bedrock-claude
                litellm_params:
                  model: bedrock/anthropic.claude-3-haiku
                  aws_access_key_id: os.environ/AWS_ACCESS_KEY_ID
                  aws_secret_access_key: os.environ/AWS_SECRET_ACCESS_KEY
                  aws_region_name: us-east-1
                  temperature: 0.2
                model_info:
                  id: bedrock
              - model_name: local-llama
                litellm_params:
                  model: hosted_vllm/llama-3
                  api_base: http://vllm.llm.svc:8000/v1
                  api_key: sk-literal-local-0123456789
                model_info:
                  id: llama
            credential_list:
              - credential_name: azure-east
                credential_values:
                  api_key: os.environ/AZURE_API_KEY
                  api_base: os.environ/AZURE_API_BASE
                  api_version: "2024-10-21"
                credential_info:
                  description: Azure East
            litellm_settings:
              drop_params: true
              callbacks: [prometheus, custom_callbacks.proxy_handler_instance]
              cache: true
              cache_params:
                type: redis
                host: redis.cache.svc
                port: 6380
                password: os.environ/REDIS_PASSWORD
                ttl: 600
                mode: default_on
              max_budget: 1000
              budget_duration: 30d
              set_verbose: false
            router_settings:
              routing_strategy: simple-shuffle
              num_retries: 2
              retry_policy:
                RateLimitErrorRetries: 3
                TimeoutErrorRetries: 2
                AuthenticationErrorRetries: 0
              fallbacks:
                - gpt-4o: [gpt-4o-mini, claude-sonnet]
              redis_host: redis.cache.svc
              redis_port: 6380
              redis_password: os.environ/REDIS_PASSWORD
              model_group_alias: {gpt4: gpt-4o}
            general_settings:
              master_key: os.environ/LITELLM_MASTER_KEY
              database_url: os.environ/DATABASE_URL
              store_model_in_db: true
              background_health_checks: true
              health_check_interval: 300
              maximum_spend_logs_retention_period: 30d
            guardrails:
              - guardrail_name: lakera
                litellm_params:
                  guardrail: lakera_v2
                  mode: pre_call
                  api_key: lk-literal-guardrail-abcdef
                  api_base: os.environ/LAKERA_API_BASE
            environment_variables:
              SOME_FLAG: "1"
            include: [more-models.yaml]
            """;

    static Importer.Result importConfig(String yaml, boolean managedCache) {
        return Importer.run(Importer.parse(yaml), new Importer.Options("gw", "ns", null, managedCache));
    }

    static List<String> lines(Importer.Result result) {
        return result.report().stream().map(Importer.Line::toString).toList();
    }

    static SecretKeyRef env(LiteLLMGatewaySpec spec, String name) {
        return spec.env.stream().filter(v -> v.getName().equals(name)).findFirst()
                .map(v -> new SecretKeyRef(v.getValueFrom().getSecretKeyRef().getName(), v.getValueFrom().getSecretKeyRef().getKey()))
                .orElse(null);
    }

    static ModelSpec model(LiteLLMGatewaySpec spec, String name) {
        return spec.models.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }

    static void assertRef(ValueSource source, String key) {
        assertThat(source.value).isNull();
        assertThat(source.secretKeyRef).usingRecursiveComparison().isEqualTo(new SecretKeyRef("gw-env", key));
    }

    @Test
    void mapsModelsAndCredentialsToTypedFields() {
        LiteLLMGatewaySpec spec = importConfig(CONFIG, false).gateway().getSpec();

        assertThat(spec.models).extracting(m -> m.name)
                .containsExactly("gpt-4o", "gpt-4o-mini", "claude-sonnet", "embed-small", "bedrock-claude", "local-llama");
        assertThat(spec.credentials).singleElement().satisfies(c -> {
            assertThat(c.name).isEqualTo("azure-east");
            assertRef(c.apiKey, "AZURE_API_KEY");
            assertRef(c.apiBase, "AZURE_API_BASE");
            assertThat(c.apiVersion.value).isEqualTo("2024-10-21");
            assertThat(c.info.values()).containsEntry("description", "Azure East");
        });

        ModelSpec gpt = model(spec, "gpt-4o");
        assertThat(gpt.model).isEqualTo("azure/gpt-4o");
        assertThat(gpt.credential).isEqualTo("azure-east");
        assertThat(gpt.apiKey).isNull();
        assertThat(gpt.rpm).isEqualTo(500L);
        assertThat(gpt.tpm).isEqualTo(500000L);
        assertThat(gpt.maxTokens).isEqualTo(4096);
        assertThat(gpt.tags).containsExactly("premium");
        assertThat(gpt.cacheControlInjectionPoints).singleElement()
                .satisfies(p -> assertThat(p.location + "/" + p.role + "/" + p.index).isEqualTo("message/system/null"));
        assertThat(gpt.id).isEqualTo("gpt-4o-east");
        assertThat(gpt.mode).isEqualTo("chat");
        assertThat(gpt.accessGroups).containsExactly("premium-models");
        assertThat(gpt.litellmParams).isNull();
        assertThat(gpt.modelInfo).isNull();

        ModelSpec mini = model(spec, "gpt-4o-mini");
        assertThat(mini.id).isEqualTo("42");
        assertThat(mini.baseModel).isEqualTo("azure/gpt-4o-mini-2024-07-18");
        assertThat(List.of(mini.timeout, mini.streamTimeout, mini.maxRetries)).containsExactly(60, 120, 1);

        ModelSpec claude = model(spec, "claude-sonnet");
        assertRef(claude.apiKey, "ANTHROPIC_API_KEY");
        assertThat(claude.thinking.type).isEqualTo("enabled");
        assertThat(claude.thinking.budgetTokens).isEqualTo(8192);
        assertThat(claude.mergeReasoningContentInChoices).isTrue();

        ModelSpec embed = model(spec, "embed-small");
        assertRef(embed.apiKey, "AZURE_API_KEY");
        // Plain, non-secret values stay plain; an unquoted date stays the string it was.
        assertThat(embed.apiBase.value).isEqualTo("https://east.openai.azure.com");
        assertThat(embed.apiVersion.value).isEqualTo("2024-10-21");
        assertThat(embed.mode).isEqualTo("embedding");
        assertThat(embed.disableBackgroundHealthCheck).isTrue();
        assertThat(embed.modelInfo.values()).isEqualTo(Map.of("health_check_timeout", 10));

        // Everything without a typed field goes to litellmParams; its os.environ/ references stay and get wired.
        ModelSpec bedrock = model(spec, "bedrock-claude");
        assertThat(bedrock.litellmParams.values()).containsExactly(
                Map.entry("aws_access_key_id", "os.environ/AWS_ACCESS_KEY_ID"),
                Map.entry("aws_secret_access_key", "os.environ/AWS_SECRET_ACCESS_KEY"),
                Map.entry("aws_region_name", "us-east-1"),
                Map.entry("temperature", 0.2));
        assertThat(env(spec, "AWS_ACCESS_KEY_ID")).usingRecursiveComparison().isEqualTo(new SecretKeyRef("gw-env", "AWS_ACCESS_KEY_ID"));
        assertThat(env(spec, "AWS_SECRET_ACCESS_KEY")).usingRecursiveComparison()
                .isEqualTo(new SecretKeyRef("gw-env", "AWS_SECRET_ACCESS_KEY"));

        // A literal api_key becomes a reference to a derived key of the same Secret.
        ModelSpec local = model(spec, "local-llama");
        assertRef(local.apiKey, "LOCAL_LLAMA_API_KEY");
        assertThat(local.apiBase.value).isEqualTo("http://vllm.llm.svc:8000/v1");
    }

    @Test
    void mapsSettingsCacheAndObservability() {
        LiteLLMGatewaySpec spec = importConfig(CONFIG, false).gateway().getSpec();

        assertThat(spec.cache.type).isEqualTo(CacheSpec.REDIS);
        assertThat(spec.cache.redis.host).isEqualTo("redis.cache.svc");
        assertThat(spec.cache.redis.port).isEqualTo(6380);
        assertThat(spec.cache.redis.passwordSecretRef).usingRecursiveComparison().isEqualTo(new SecretKeyRef("gw-env", "REDIS_PASSWORD"));
        assertThat(spec.cache.ttl).isEqualTo(600);
        assertThat(spec.cache.mode).isEqualTo("default_on");

        // prometheus moves to observability; the custom callback stays.
        assertThat(spec.observability.prometheus.enabled).isTrue();
        assertThat(spec.litellmSettings.callbacks).containsExactly("custom_callbacks.proxy_handler_instance");
        assertThat(spec.litellmSettings.dropParams).isTrue();
        assertThat(spec.litellmSettings.maxBudget).isEqualTo("1000");
        assertThat(spec.litellmSettings.budgetDuration).isEqualTo("30d");
        assertThat(spec.litellmSettings.extra.values()).isEqualTo(Map.of("set_verbose", false));

        var router = spec.routerSettings;
        assertThat(router.routingStrategy).isEqualTo("simple-shuffle");
        assertThat(router.numRetries).isEqualTo(2);
        assertThat(router.retryPolicy.rateLimitErrorRetries).isEqualTo(3);
        assertThat(router.retryPolicy.timeoutErrorRetries).isEqualTo(2);
        assertThat(router.retryPolicy.authenticationErrorRetries).isZero();
        assertThat(router.retryPolicy.internalServerErrorRetries).isNull();
        assertThat(router.fallbacks).singleElement().satisfies(f -> {
            assertThat(f.model).isEqualTo("gpt-4o");
            assertThat(f.to).containsExactly("gpt-4o-mini", "claude-sonnet");
        });
        // redis_* are the operator's (wired from spec.cache); the rest stays free-form.
        assertThat(router.extra.values()).isEqualTo(Map.of("model_group_alias", Map.of("gpt4", "gpt-4o")));

        var general = spec.generalSettings;
        assertThat(general.storeModelInDb).isTrue();
        assertThat(general.backgroundHealthChecks).isTrue();
        assertThat(general.healthCheckInterval).isEqualTo(300);
        assertThat(general.extra.values()).isEqualTo(Map.of("maximum_spend_logs_retention_period", "30d"));
        assertThat(spec.masterKeySecretRef).usingRecursiveComparison().isEqualTo(new SecretKeyRef("gw-env", "LITELLM_MASTER_KEY"));
        // The same database, from the Secret key the variable maps to; its salt key is carried too.
        assertThat(spec.database.type).isEqualTo("External");
        assertThat(spec.database.external.urlSecretRef).usingRecursiveComparison().isEqualTo(new SecretKeyRef("gw-env", "DATABASE_URL"));
        assertThat(spec.saltKeySecretRef).usingRecursiveComparison().isEqualTo(new SecretKeyRef("gw-env", "LITELLM_SALT_KEY"));

        // The guardrail's literal key becomes os.environ/<derived>, wired from the Secret; its reference is wired as is.
        Map<String, Object> guardrail = (Map<String, Object>) spec.guardrails.get(0).values().get("litellm_params");
        assertThat(guardrail).containsEntry("api_key", "os.environ/LAKERA_API_KEY").containsEntry("api_base", "os.environ/LAKERA_API_BASE");
        assertThat(env(spec, "LAKERA_API_KEY")).usingRecursiveComparison().isEqualTo(new SecretKeyRef("gw-env", "LAKERA_API_KEY"));
        assertThat(env(spec, "LAKERA_API_BASE")).usingRecursiveComparison().isEqualTo(new SecretKeyRef("gw-env", "LAKERA_API_BASE"));
        assertThat(spec.env).extracting(EnvVar::getName)
                .containsExactly("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "LAKERA_API_KEY", "LAKERA_API_BASE");
    }

    @Test
    void reportsWhatItMappedDroppedAndCouldNotMap() {
        Importer.Result result = importConfig(CONFIG, false);
        List<String> lines = lines(result);

        assertThat(lines).contains(
                "secret: model_list[local-llama].litellm_params.api_key: literal value not copied: move this value into Secret gw-env"
                        + " key LOCAL_LLAMA_API_KEY",
                "secret: guardrails[0].litellm_params.api_key: literal value not copied: move this value into Secret gw-env key"
                        + " LAKERA_API_KEY",
                "operator: router_settings.redis_host: dropped: the operator points the router at spec.cache",
                "operator: router_settings.redis_password: dropped: the operator points the router at spec.cache");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("operator: general_settings.master_key: dropped")
                .contains("Secret gw-env key LITELLM_MASTER_KEY"));
        assertThat(lines).contains("mapped: general_settings.database_url: -> spec.database External, URL from Secret gw-env key"
                + " DATABASE_URL (the same database: keys, teams, budgets and spend stay)");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("secret: LITELLM_SALT_KEY: -> spec.saltKeySecretRef, Secret gw-env key"
                + " LITELLM_SALT_KEY: it must hold the old proxy's LITELLM_SALT_KEY"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("mapped: litellm_settings.callbacks: prometheus -> spec.observability"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("lost: environment_variables: 1 variables (SOME_FLAG)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("lost: include: WARNING").contains("more-models.yaml"));
        assertThat(result.losesData()).isTrue();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("secret: Secret gw-env: needs the keys AZURE_API_KEY, AZURE_API_BASE,")
                .contains("kubectl -n ns create secret generic gw-env --from-env-file=")
                .endsWith("; add LOCAL_LLAMA_API_KEY, LAKERA_API_KEY (literal values above) by hand"));
        assertThat(result.secretKeys()).containsExactlyInAnyOrder("AZURE_API_KEY", "AZURE_API_BASE", "ANTHROPIC_API_KEY",
                "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "LOCAL_LLAMA_API_KEY", "REDIS_PASSWORD", "LITELLM_MASTER_KEY",
                "DATABASE_URL", "LITELLM_SALT_KEY", "LAKERA_API_KEY", "LAKERA_API_BASE");
        assertThat(result.invalid()).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void keysLiteLLMDoesNotReadStayWhereTheyWereAndAreReportedAsIgnored() {
        String yaml = """
                model_list:
                  - model_name: a
                    litellm_params: {model: openai/a, api_key: os.environ/OPENAI_API_KEY}
                litellm_settings:
                  service_callbacks: [prometheus_system]
                  max_file_size_mb: 25
                  telemetry: true
                  drop_params: true
                """;
        Importer.Result result = importConfig(yaml, false);
        LiteLLMGatewaySpec spec = result.gateway().getSpec();
        // Not moved to the typed fields, which would enforce an upload limit and turn telemetry on.
        assertThat(spec.litellmSettings.maxFileSizeMb).isNull();
        assertThat(spec.litellmSettings.telemetry).isNull();
        assertThat(spec.litellmSettings.extra.values()).isEqualTo(Map.of("service_callbacks", List.of("prometheus_system"),
                "max_file_size_mb", 25, "telemetry", true));
        assertThat(lines(result)).contains(
                "ignored: litellm_settings.service_callbacks: kept where it was; LiteLLM 1.108.7 does not read it: the key is"
                        + " service_callback (spec.litellmSettings.serviceCallbacks)",
                "ignored: litellm_settings.max_file_size_mb: kept where it was; LiteLLM 1.108.7 does not read it: "
                        + UnreadSettings.find("litellm_settings", "max_file_size_mb").orElseThrow().why(),
                "ignored: litellm_settings.telemetry: kept where it was; LiteLLM 1.108.7 does not read it: "
                        + UnreadSettings.find("litellm_settings", "telemetry").orElseThrow().why());
        assertThat(result.losesData()).isFalse();
        // Rendered where they were: LiteLLM still ignores them, the operator warns, nothing new is enforced.
        GatewayModel model = GatewayModel.build(result.gateway(), SecretLookup.offline()).model();
        Map<String, Object> config = new Yaml().load(model.configYaml());
        assertThat((Map<String, Object>) config.get("litellm_settings")).containsEntry("max_file_size_mb", 25).containsEntry("telemetry", true);
        assertThat((Map<String, Object>) config.get("general_settings")).doesNotContainKey("max_file_size_mb");
        assertThat(model.warnings()).filteredOn(w -> w.contains("is not read by LiteLLM")).hasSize(3);

        // A proxy-wide limit stays too, and is reported as refused: the user removes it knowing it never limited anything.
        Importer.Result limited = importConfig(yaml.replace("drop_params: true", "tpm_limit: 3500000"), false);
        assertThat(limited.gateway().getSpec().litellmSettings.tpmLimit).isNull();
        assertThat(limited.gateway().getSpec().litellmSettings.extra.values()).containsEntry("tpm_limit", 3500000);
        assertThat(lines(limited)).contains("ignored: litellm_settings.tpm_limit: kept where it was; LiteLLM 1.108.7 does not read it: "
                + UnreadSettings.find("litellm_settings", "tpm_limit").orElseThrow().why()
                + " (the operator refuses it: remove it once you have read this)");
        assertThat(GatewayModel.build(limited.gateway(), SecretLookup.offline()).problems())
                .anySatisfy(p -> assertThat(p.reason().wire()).isEqualTo("ProxyWideLimitUnsupported"));
    }

    @Test
    void neverCopiesLiteralSecretsAndTheOperatorAcceptsTheResult() {
        Importer.Result result = importConfig(CONFIG, false);
        String yaml = Serialization.asYaml(result.gateway());
        String report = String.join("\n", lines(result));
        for (String secret : List.of(LOCAL_KEY, GUARDRAIL_KEY)) {
            assertThat(yaml).doesNotContain(secret);
            assertThat(report).doesNotContain(secret);
        }

        LiteLLMGateway printed = Serialization.unmarshal(yaml, LiteLLMGateway.class);
        GatewayModel.Result validated = GatewayModel.build(printed, SecretLookup.offline());
        assertThat(validated.problems()).isEmpty();
        String config = validated.model().configYaml();
        assertThat(config).doesNotContain(LOCAL_KEY).doesNotContain(GUARDRAIL_KEY);
        Map<String, Object> rendered = new Yaml().load(config);
        assertThat(rendered).containsKeys("model_list", "credential_list", "litellm_settings", "router_settings", "general_settings",
                "guardrails");
    }

    @Test
    void managedCacheBecomesDragonflyAndDropsTheOldEndpoint() {
        Importer.Result result = importConfig(CONFIG, true);
        CacheSpec cache = result.gateway().getSpec().cache;
        assertThat(cache.type).isEqualTo(CacheSpec.DRAGONFLY);
        assertThat(cache.redis).isNull();
        assertThat(cache.ttl).isEqualTo(600);
        assertThat(result.secretKeys()).doesNotContain("REDIS_PASSWORD");
        assertThat(lines(result)).anySatisfy(l -> assertThat(l)
                .startsWith("operator: litellm_settings.cache_params: redis cache -> spec.cache.type Dragonfly (--managed-cache)"));
    }

    @Test
    void literalMasterKeyAndCachePasswordBecomeSecretReferences() {
        String yaml = """
                model_list:
                  - model_name: gpt-4o
                    litellm_params: {model: openai/gpt-4o, api_key: sk-literal-openai-key}
                  - model_name: gpt-4o-mini
                    litellm_params: {model: openai/gpt-4o-mini, api_key: sk-literal-openai-key}
                litellm_settings:
                  cache: true
                  cache_params: {type: redis, host: redis, password: hunter2-literal}
                general_settings:
                  master_key: sk-literal-master
                """;
        Importer.Result result = importConfig(yaml, false);
        LiteLLMGatewaySpec spec = result.gateway().getSpec();
        // The same literal in two places is one key.
        assertRef(model(spec, "gpt-4o").apiKey, "GPT_4O_API_KEY");
        assertRef(model(spec, "gpt-4o-mini").apiKey, "GPT_4O_API_KEY");
        assertThat(spec.cache.redis.passwordSecretRef.key).isEqualTo("REDIS_PASSWORD");
        assertThat(spec.cache.redis.port).isEqualTo(6379);
        assertThat(spec.masterKeySecretRef.key).isEqualTo("LITELLM_MASTER_KEY");
        assertThat(lines(result)).filteredOn(l -> l.startsWith("secret: ")).hasSize(5);

        String out = Serialization.asYaml(result.gateway()) + String.join("\n", lines(result));
        assertThat(out).doesNotContain("sk-literal-openai-key").doesNotContain("hunter2-literal").doesNotContain("sk-literal-master");
        assertThat(GatewayModel.build(Serialization.unmarshal(Serialization.asYaml(result.gateway()), LiteLLMGateway.class),
                SecretLookup.offline()).problems()).isEmpty();
    }

    @Test
    void keepsWhatDoesNotFitTheTypedFieldsAsFreeForm() {
        String yaml = """
                model_list:
                  - model_name: a
                    litellm_params: {model: openai/a, api_key: os.environ/OPENAI_API_KEY, timeout: 0.5, thinking: {type: enabled, budget_tokens: 100}}
                    model_info: {mode: video_generation}
                  - model_name: b
                    litellm_params: {model: openai/b, api_key: os.environ/OPENAI_API_KEY}
                litellm_settings:
                  cache: true
                  cache_params: {type: redis, host: os.environ/REDIS_HOST}
                router_settings:
                  fallbacks: [{"*": [a]}]
                  timeout: 12.5
                """;
        Importer.Result result = importConfig(yaml, false);
        LiteLLMGatewaySpec spec = result.gateway().getSpec();
        ModelSpec a = model(spec, "a");
        assertThat(a.timeout).isNull();
        assertThat(a.thinking).isNull();
        assertThat(a.litellmParams.values()).containsEntry("timeout", 0.5).containsKey("thinking");
        assertThat(a.modelInfo.values()).containsEntry("mode", "video_generation");
        // A cache whose host comes from the environment stays free-form, and so does the router's view of it.
        assertThat(spec.cache).isNull();
        assertThat(spec.litellmSettings.extra.values()).containsEntry("cache", true).containsKey("cache_params");
        assertThat(env(spec, "REDIS_HOST")).usingRecursiveComparison().isEqualTo(new SecretKeyRef("gw-env", "REDIS_HOST"));
        assertThat(spec.routerSettings.fallbacks).isNull();
        assertThat(spec.routerSettings.extra.values()).containsKeys("fallbacks", "timeout");
        assertThat(lines(result)).anySatisfy(l -> assertThat(l).startsWith("not mapped: litellm_settings.cache_params: host and port"));
        assertThat(lines(result)).anySatisfy(l -> assertThat(l).startsWith("mapped: router_settings.fallbacks: kept in routerSettings.extra"));
        assertThat(GatewayModel.build(Serialization.unmarshal(Serialization.asYaml(result.gateway()), LiteLLMGateway.class),
                SecretLookup.offline()).problems()).isEmpty();
    }

    @Test
    void theRoutersRedisSettingsTheOperatorDerivesFromTheCacheAreDropped() {
        Importer.Result result = importConfig("""
                model_list:
                  - {model_name: a, litellm_params: {model: openai/a, api_key: os.environ/OPENAI_API_KEY}}
                litellm_settings:
                  cache: true
                  cache_params: {type: redis, host: redis.example.com, port: 6380, ssl: true, namespace: team-a}
                router_settings:
                  redis_host: redis.example.com
                  redis_port: 6380
                  cache_kwargs: {ssl: true, namespace: team-a, socket_timeout: 3}
                """, false);
        LiteLLMGatewaySpec spec = result.gateway().getSpec();
        assertThat(spec.cache.redis.tls).isTrue();
        assertThat(spec.cache.namespace).isEqualTo("team-a");
        assertThat(spec.routerSettings.extra.values()).containsOnlyKeys("cache_kwargs")
                .containsEntry("cache_kwargs", Map.of("socket_timeout", 3));
        assertThat(lines(result)).contains("operator: router_settings.cache_kwargs: ssl, namespace dropped: the operator derives them"
                + " from spec.cache");
        GatewayModel model = GatewayModel.build(result.gateway(), SecretLookup.offline()).model();
        assertThat(model.configYaml()).contains("cache_kwargs:\n    socket_timeout: 3\n    ssl: true\n    namespace: team-a\n");
    }

    @Test
    void whatTheOperatorWouldRefuseIsReported() {
        String yaml = """
                model_list:
                  - model_name: gpt-4o
                    litellm_params: {model: azure/gpt-4o-east, api_key: os.environ/EAST}
                    model_info: {id: same}
                  - model_name: gpt-4.1
                    litellm_params: {model: azure/gpt-4.1, api_key: os.environ/WEST}
                    model_info: {id: same}
                  - model_name: bare
                    litellm_params: {model: gpt-4o-mini, api_key: os.environ/OPENAI_API_KEY}
                """;
        Importer.Result result = importConfig(yaml, false);
        assertThat(result.invalid()).isTrue();
        assertThat(lines(result)).anySatisfy(l -> assertThat(l).startsWith("invalid: model_list[bare].litellm_params.model: must be provider/name"));
        assertThat(GatewayModel.build(result.gateway(), SecretLookup.offline()).problems())
                .anySatisfy(p -> assertThat(p.reason().wire()).isEqualTo("DuplicateModelId"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aGroupOfDeploymentsKeepsItsIdsAndGetsStableOnesWhereTheyAreMissing() {
        String yaml = """
                model_list:
                  - model_name: gpt-4o
                    litellm_params: {model: azure/gpt-4o, api_base: os.environ/EAST_BASE, api_key: os.environ/EAST_KEY, rpm: 600,
                                     weight: 3, tags: [eastus]}
                    model_info: {id: gpt-4o-east}
                  - model_name: gpt-4o
                    litellm_params: {model: azure/gpt-4o, api_base: os.environ/WEST_BASE, api_key: os.environ/WEST_KEY, order: 2,
                                     weight: 1.0}
                  - model_name: gpt-4o
                    litellm_params: {model: azure/gpt-4o, api_base: os.environ/NORTH_BASE, api_key: os.environ/NORTH_KEY, weight: 0.5}
                  - model_name: openai/o3:high
                    litellm_params: {model: openai/o3, api_key: os.environ/OPENAI_API_KEY}
                  - model_name: openai/o3:high
                    litellm_params: {model: openai/o3, api_key: os.environ/OPENAI_API_KEY_2}
                  - model_name: mini
                    litellm_params: {model: openai/gpt-4o-mini, api_key: os.environ/OPENAI_API_KEY}
                router_settings:
                  fallbacks: [{gpt-4o: [mini]}]
                """;
        Importer.Result result = importConfig(yaml, false);
        assertThat(result.invalid()).as("%s", lines(result)).isFalse();
        List<ModelSpec> models = result.gateway().getSpec().models;
        assertThat(models).extracting(m -> m.name).containsExactly("gpt-4o", "gpt-4o", "gpt-4o", "openai/o3:high", "openai/o3:high", "mini");
        assertThat(models).extracting(m -> m.id).containsExactly("gpt-4o-east", "gpt-4o-2", "gpt-4o-3", "openai-o3-high-1",
                "openai-o3-high-2", null);
        assertThat(models.get(0).weight).isEqualTo(3);
        assertThat(models.get(0).rpm).isEqualTo(600L);
        assertThat(models.get(1).weight).isEqualTo(1);
        assertThat(models.get(1).order).isEqualTo(2);
        assertThat(models.get(2).weight).isNull(); // 0.5 does not fit the typed field: kept as written
        assertThat(models.get(2).litellmParams.values()).containsEntry("weight", 0.5);
        assertThat(models.get(1).apiBase.secretKeyRef.key).isEqualTo("WEST_BASE");
        assertThat(result.gateway().getSpec().routerSettings.fallbacks).singleElement()
                .satisfies(f -> assertThat(f.model).isEqualTo("gpt-4o"));
        assertThat(lines(result)).noneMatch(l -> l.contains("used by several"))
                .anySatisfy(l -> assertThat(l).startsWith("mapped: model_info.id: not set for deployments of groups").contains(
                        "gpt-4o#2 -> gpt-4o-2, gpt-4o#3 -> gpt-4o-3, openai/o3:high#1 -> openai-o3-high-1"))
                .anySatisfy(l -> assertThat(l).startsWith("mapped: model_list[gpt-4o#3].litellm_params.weight: kept in litellmParams"));

        GatewayModel model = GatewayModel.build(Serialization.unmarshal(Serialization.asYaml(result.gateway()), LiteLLMGateway.class),
                SecretLookup.offline()).model();
        assertThat(model).isNotNull();
        List<Map<String, Object>> list = (List<Map<String, Object>>) new Yaml().<Map<String, Object>>load(model.configYaml()).get("model_list");
        assertThat(list).extracting(m -> ((Map<String, Object>) m.get("model_info")).get("id")).startsWith("gpt-4o-east", "gpt-4o-2");
        assertThat(list).extracting(m -> ((Map<String, Object>) m.get("litellm_params")).get("weight")).startsWith(3, 1, 0.5);
        // The same file imports to the same ids.
        assertThat(importConfig(yaml, false).gateway().getSpec().models).extracting(m -> m.id).isEqualTo(models.stream().map(m -> m.id).toList());
    }

    static final String MODEL = """
            model_list:
              - model_name: a
                litellm_params: {model: azure/a, api_key: os.environ/AZURE_API_KEY}
            """;

    @Test
    void aDatabaseUrlFromTheEnvironmentBecomesAnExternalDatabaseFromTheSameSecretKey() {
        Importer.Result result = importConfig(MODEL + "general_settings: {database_url: os.environ/PG_URL}\n", false);
        LiteLLMGatewaySpec spec = result.gateway().getSpec();
        assertThat(spec.database.type).isEqualTo("External");
        assertThat(spec.database.external.urlSecretRef).usingRecursiveComparison().isEqualTo(new SecretKeyRef("gw-env", "PG_URL"));
        assertThat(spec.saltKeySecretRef).usingRecursiveComparison().isEqualTo(new SecretKeyRef("gw-env", "LITELLM_SALT_KEY"));
        assertThat(result.secretKeys()).containsExactly("AZURE_API_KEY", "PG_URL", "LITELLM_SALT_KEY");
        assertThat(result.losesData()).as("%s", lines(result)).isFalse();
        // The operator wires it as DATABASE_URL from that key, and accepts it.
        GatewayModel model = GatewayModel.build(result.gateway(), SecretLookup.offline()).model();
        assertThat(model.configYaml()).contains("database_url: os.environ/DATABASE_URL");
        assertThat(model.proxyEnv()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("DATABASE_URL");
            assertThat(v.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("PG_URL");
        });
    }

    @Test
    void storeModelInDbWithoutADatabaseUrlKeepsTheDatabaseLiteLLMReadFromItsEnvironment() {
        Importer.Result result = importConfig(MODEL + "general_settings: {store_model_in_db: true}\n", false);
        LiteLLMGatewaySpec spec = result.gateway().getSpec();
        assertThat(spec.database.external.urlSecretRef).usingRecursiveComparison().isEqualTo(new SecretKeyRef("gw-env", "DATABASE_URL"));
        assertThat(spec.saltKeySecretRef.key).isEqualTo("LITELLM_SALT_KEY");
        assertThat(lines(result)).contains("mapped: general_settings.database_url: not set, and store_model_in_db needs a database:"
                + " LiteLLM read it from DATABASE_URL in its environment -> spec.database External, URL from Secret gw-env key"
                + " DATABASE_URL (the same database: keys, teams, budgets and spend stay)");

        // No sign of a database: none is invented, and the report says where the old one may have come from.
        Importer.Result none = importConfig(MODEL, false);
        assertThat(none.gateway().getSpec().database).isNull();
        assertThat(lines(none)).contains("not mapped: general_settings.database_url: not set: if the old proxy had DATABASE_URL in its"
                + " environment, LiteLLM used that database; to keep it set spec.database: {type: External, external:"
                + " {urlSecretRef: {name: gw-env, key: DATABASE_URL}}}");
    }

    @Test
    void aLiteralDatabaseUrlIsNeverCopiedAndNamesTheSecretKeyToCreate() {
        String url = "postgresql://litellm:pg-literal-password@db.internal:5432/litellm";
        Importer.Result result = importConfig(MODEL + "general_settings: {database_url: \"" + url + "\"}\n", false);
        LiteLLMGatewaySpec spec = result.gateway().getSpec();
        assertThat(spec.database.external.urlSecretRef).usingRecursiveComparison().isEqualTo(new SecretKeyRef("gw-env", "DATABASE_URL"));
        assertThat(lines(result)).contains("secret: general_settings.database_url: literal value not copied: move this value into Secret"
                + " gw-env key DATABASE_URL");
        assertThat(lines(result)).anySatisfy(l -> assertThat(l).startsWith("secret: Secret gw-env: needs the keys")
                .endsWith("; add DATABASE_URL (literal values above) by hand"));
        String out = Serialization.asYaml(result.gateway()) + String.join("\n", lines(result));
        assertThat(out).doesNotContain("pg-literal-password").doesNotContain("db.internal");
    }

    @Test
    void saltAndMasterKeyFromEnvironmentVariablesBecomeSecretReferencesWithoutTheirValues() {
        Importer.Result result = importConfig(MODEL + """
                environment_variables:
                  LITELLM_SALT_KEY: salt-literal-value
                  LITELLM_MASTER_KEY: sk-master-literal-value
                """, false);
        LiteLLMGatewaySpec spec = result.gateway().getSpec();
        assertThat(spec.saltKeySecretRef).usingRecursiveComparison().isEqualTo(new SecretKeyRef("gw-env", "LITELLM_SALT_KEY"));
        assertThat(spec.masterKeySecretRef).usingRecursiveComparison().isEqualTo(new SecretKeyRef("gw-env", "LITELLM_MASTER_KEY"));
        assertThat(spec.database).isNull();
        assertThat(lines(result)).contains(
                "secret: environment_variables.LITELLM_SALT_KEY: literal value not copied: move this value into Secret gw-env key"
                        + " LITELLM_SALT_KEY",
                "secret: environment_variables.LITELLM_MASTER_KEY: literal value not copied: move this value into Secret gw-env key"
                        + " LITELLM_MASTER_KEY");
        // Both are carried, so the section loses nothing.
        assertThat(lines(result)).noneMatch(l -> l.startsWith("lost: environment_variables"));
        assertThat(result.losesData()).isFalse();
        String out = Serialization.asYaml(result.gateway()) + String.join("\n", lines(result));
        assertThat(out).doesNotContain("salt-literal-value").doesNotContain("sk-master-literal-value");

        // Without a database and without the variable, there is no salt key to carry.
        assertThat(importConfig(MODEL, false).gateway().getSpec().saltKeySecretRef).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void namesTheOperatorGeneratedForTheSecretAreReadBackAsItsKeys() {
        Importer.Result result = importConfig("""
                model_list:
                  - model_name: a
                    litellm_params: {model: azure/a, api_key: os.environ/LLMGW_GW_ENV__AZURE_API_KEY,
                                     api_base: os.environ/LLMGW_OTHER__AZURE_API_BASE}
                guardrails:
                  - guardrail_name: lakera
                    litellm_params: {guardrail: lakera_v2, api_key: os.environ/LLMGW_GW_ENV__LAKERA_API_KEY}
                """, false);
        LiteLLMGatewaySpec spec = result.gateway().getSpec();
        assertRef(model(spec, "a").apiKey, "AZURE_API_KEY");
        // Another Secret's generated name is a variable like any other: kept.
        assertRef(model(spec, "a").apiBase, "LLMGW_OTHER__AZURE_API_BASE");
        Map<String, Object> guardrail = (Map<String, Object>) spec.guardrails.get(0).values().get("litellm_params");
        assertThat(guardrail).containsEntry("api_key", "os.environ/LAKERA_API_KEY");
        assertThat(env(spec, "LAKERA_API_KEY")).usingRecursiveComparison().isEqualTo(new SecretKeyRef("gw-env", "LAKERA_API_KEY"));
        assertThat(result.secretKeys()).containsExactly("AZURE_API_KEY", "LLMGW_OTHER__AZURE_API_BASE", "LAKERA_API_KEY");
        assertThat(lines(result)).contains("mapped: os.environ: LLMGW_GW_ENV__AZURE_API_KEY, LLMGW_GW_ENV__LAKERA_API_KEY: names the"
                + " operator generated for Secret gw-env, read back as its keys AZURE_API_KEY, LAKERA_API_KEY");
    }

    @Test
    void whatIsNotCarriedIsMarkedLost() {
        Importer.Result result = importConfig(MODEL + """
                litellm_settings: {callbacks: [otel]}
                environment_variables: {SOME_FLAG: "1"}
                unknown_section: {a: 1}
                """, false);
        assertThat(lines(result)).filteredOn(l -> l.startsWith("lost: ")).extracting(l -> l.substring(0, l.indexOf(':', 6)))
                .containsExactly("lost: litellm_settings.callbacks", "lost: environment_variables", "lost: unknown_section");
        assertThat(result.losesData()).isTrue();
        assertThat(importConfig(MODEL, false).losesData()).isFalse();
    }
}
