package io.llmgw.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;
import io.llmgw.TestGateways;

/** What the operator refuses beyond the CRD schema, each with a reason an operator can act on. */
class GatewayModelValidationTest {

    static List<Problem> problems(String spec) {
        return GatewayModel.build(TestGateways.gateway(spec), SecretLookup.offline()).problems();
    }

    static List<Problem> problems(String spec, Map<String, Secret> secrets) {
        return GatewayModel.build(TestGateways.gateway(spec), SecretLookup.of(secrets)).problems();
    }

    @Test
    void crossFieldRulesAreCheckedOfflineToo() {
        assertThat(problems("""
                models:
                  - {name: a, model: openai/a}
                  - {name: a, model: openai/b, credential: nope}
                routerSettings: {fallbacks: [{model: a, to: [ghost]}]}
                """)).extracting(p -> p.reason().wire()).containsExactlyInAnyOrder("ModelGroupWithoutId", "DuplicateModelId", "UnknownCredential",
                "UnknownFallbackModel");
    }

    @Test
    void aGroupOfDeploymentsNeedsADistinctIdOnEach() {
        assertThat(problems("""
                models:
                  - {name: a, model: openai/a, id: a-east}
                  - {name: a, model: openai/b, id: a-west}
                  - {name: b, model: openai/b}
                routerSettings: {fallbacks: [{model: b, to: [a]}]}
                """)).isEmpty();
        List<Problem> oneWithout = problems("""
                models:
                  - {name: a, model: openai/a, id: a-east}
                  - {name: a, model: openai/b}
                """);
        assertThat(oneWithout).extracting(p -> p.reason().wire()).containsExactly("ModelGroupWithoutId");
        assertThat(oneWithout.get(0).message()).contains("model a is declared 2 times");
        assertThat(problems("""
                models:
                  - {name: a, model: openai/a, id: same}
                  - {name: a, model: openai/b, id: same}
                """)).extracting(Problem::message).containsExactly("model id same is used by 2 deployments (a, a); ids must be unique");
        // Ids are unique across names too, derived ones included: LiteLLM indexes every deployment by id.
        assertThat(problems("""
                models:
                  - {name: a, model: openai/a, id: shared}
                  - {name: b, model: openai/b, id: shared}
                  - {name: c, model: openai/c}
                  - {name: d, model: openai/d, id: %s}
                """.formatted(ConfigRenderer.defaultModelId("c")))).extracting(p -> p.reason().wire())
                .containsExactly("DuplicateModelId", "DuplicateModelId");
    }

    @Test
    void sharedStateStrategiesWithoutACacheAndUnevenAccessGroupsAreWarnedAbout() {
        String group = """
                models:
                  - {name: a, model: openai/a, id: a-1, rpm: 10, accessGroups: [team-x]}
                  - {name: a, model: openai/b, id: a-2, rpm: 10}
                """;
        GatewayModel scaled = GatewayModel.build(TestGateways.gateway(group + """
                replicas: 3
                routerSettings: {routingStrategy: usage-based-routing-v2}
                """), SecretLookup.offline()).model();
        assertThat(scaled.warnings()).anyMatch(w -> w.startsWith("routerSettings.routingStrategy usage-based-routing-v2 counts usage per pod"))
                .anyMatch(w -> w.startsWith("the deployments of model a list different accessGroups"));
        GatewayModel cached = GatewayModel.build(TestGateways.gateway("""
                models:
                  - {name: a, model: openai/a, id: a-1, rpm: 10, accessGroups: [team-x]}
                  - {name: a, model: openai/b, id: a-2, rpm: 10, accessGroups: [team-x]}
                replicas: 3
                routerSettings: {routingStrategy: least-busy}
                cache: {type: Dragonfly}
                """), SecretLookup.offline()).model();
        assertThat(cached.warnings()).noneMatch(w -> w.contains("routingStrategy") || w.contains("accessGroups"));
        GatewayModel single = GatewayModel.build(TestGateways.gateway(group + """
                routerSettings: {routingStrategy: least-busy}
                """), SecretLookup.offline()).model();
        assertThat(single.warnings()).noneMatch(w -> w.contains("routingStrategy"));
    }

    @Test
    void proxyWideLimitsLiteLLMDoesNotEnforceAreRefusedTypedOrFreeForm() {
        assertThat(problems(TestGateways.ONE_MODEL + "litellmSettings: {tpmLimit: 1000}"))
                .extracting(p -> p.reason().wire()).containsExactly("ProxyWideLimitUnsupported");
        List<Problem> freeForm = problems(TestGateways.ONE_MODEL + "litellmSettings: {extra: {rpm_limit: 5, tpm_limit: 9}}");
        assertThat(freeForm).extracting(p -> p.reason().wire()).containsOnly("ProxyWideLimitUnsupported");
        assertThat(freeForm).extracting(Problem::message).containsExactly(
                UnreadSettings.find("litellm_settings", "tpm_limit").orElseThrow().message(),
                UnreadSettings.find("litellm_settings", "rpm_limit").orElseThrow().message());
        assertThat(freeForm.get(1).message()).contains("litellm_settings.rpm_limit is not read by LiteLLM 1.108.7", "models[].rpm");
    }

    @Test
    void otherUnreadKeysAreRenderedWithAWarningNamingThem() {
        GatewayModel model = TestGateways.model(TestGateways.ONE_MODEL
                + "litellmSettings: {extra: {service_callbacks: [prometheus_system], telemetry: true, drop_params: true}}");
        assertThat(model.warnings()).filteredOn(w -> w.contains("is not read by LiteLLM")).containsExactly(
                "litellm_settings.telemetry is not read by LiteLLM 1.108.7: " + UnreadSettings.find("litellm_settings", "telemetry").orElseThrow().why(),
                "litellm_settings.service_callbacks is not read by LiteLLM 1.108.7: the key is service_callback"
                        + " (spec.litellmSettings.serviceCallbacks)");
        // The typed fields render keys LiteLLM reads: no warning.
        assertThat(TestGateways.model(TestGateways.ONE_MODEL + "litellmSettings: {serviceCallbacks: [prometheus_system], maxFileSizeMb: 5,"
                + " telemetry: false}").warnings()).noneMatch(w -> w.contains("is not read by LiteLLM"));
    }

    @Test
    void anUnauthenticatedMetricsPortWithoutTheNetworkPolicyIsWarnedAbout() {
        String metrics = TestGateways.ONE_MODEL + "observability: {prometheus: {enabled: true}}\n";
        assertThat(TestGateways.model(metrics).warnings()).anyMatch(w -> w.startsWith("metrics port 4001 has no authentication"));
        assertThat(TestGateways.model(metrics + "networkPolicy: {enabled: true}").warnings()).noneMatch(w -> w.contains("metrics port"));
        assertThat(TestGateways.model(TestGateways.ONE_MODEL).warnings()).noneMatch(w -> w.contains("metrics port"));
    }

    @Test
    void literalSecretsInFreeFormSectionsAreRefused() {
        List<Problem> problems = problems("""
                models:
                  - name: a
                    model: openai/a
                    litellmParams: {api_key: sk-live-123, max_tokens: 5, budget_tokens: 5}
                generalSettings: {extra: {nested: {db_password: hunter2}, ok: os.environ/X}}
                env: [{name: X, value: fine}]
                """);
        assertThat(problems).extracting(p -> p.reason().wire()).containsOnly("PlainSecretInConfig");
        assertThat(problems).extracting(Problem::message).anyMatch(m -> m.contains("spec.models[a].litellmParams.api_key"))
                .anyMatch(m -> m.contains("spec.generalSettings.extra.nested.db_password"))
                .noneMatch(m -> m.contains("sk-live-123") || m.contains("hunter2"));
    }

    @Test
    void everyEnvironmentReferenceMustBeWired() {
        assertThat(problems("""
                models:
                  - {name: a, model: openai/a, litellmParams: {api_key: os.environ/MISSING_KEY}}
                """)).extracting(p -> p.reason().wire()).containsExactly("UnsetEnvReference");
        assertThat(problems("""
                models:
                  - {name: a, model: openai/a, litellmParams: {api_key: os.environ/MY_KEY}}
                env: [{name: MY_KEY, valueFrom: {secretKeyRef: {name: s, key: k}}}]
                """)).isEmpty();
        assertThat(problems("""
                models:
                  - {name: a, model: openai/a, litellmParams: {tags: [os.environ/TAG]}}
                env: [{name: TAG, value: x}]
                """)).extracting(p -> p.reason().wire()).containsExactly("UnresolvedEnvReference");
    }

    @Test
    void userEnvMayNotShadowWhatTheOperatorWires() {
        assertThat(problems(TestGateways.ONE_MODEL + "env: [{name: LITELLM_MASTER_KEY, value: sk-x}]"))
                .extracting(p -> p.reason().wire()).containsExactly("EnvConflict");
    }

    @Test
    void dragonflyNeedsAQuarterGibibytePerThread() {
        assertThat(problems(TestGateways.ONE_MODEL + "cache: {type: Dragonfly, dragonfly: {threads: 4}}"))
                .extracting(p -> p.reason().wire()).containsExactly("CacheMemoryTooSmall");
        assertThat(problems(TestGateways.ONE_MODEL + "cache: {type: Dragonfly, dragonfly: {threads: 4, maxMemory: 1Gi}}")).isEmpty();
        assertThat(problems(TestGateways.ONE_MODEL + "cache: {type: Dragonfly}")).isEmpty();
        assertThat(problems(TestGateways.ONE_MODEL + "cache: {type: Dragonfly, dragonfly: {threads: 2, maxMemory: 256Mi}}"))
                .extracting(Problem::message).singleElement().asString().contains("2 threads need 512Mi");
    }

    @Test
    void knownBadImagesAreRefused() {
        assertThat(problems(TestGateways.ONE_MODEL + "image: {tag: 1.82.8}")).extracting(p -> p.reason().wire()).containsExactly("ImageRefused");
        assertThat(problems(TestGateways.ONE_MODEL + "image: {tag: main-v1.83.6-stable}")).extracting(p -> p.reason().wire()).containsExactly("ImageRefused");
        assertThat(problems(TestGateways.ONE_MODEL + "image: {tag: 1.83.7}")).isEmpty();
    }

    @Test
    void referencedSecretsMustExistWhenTheOperatorCanSeeThem() {
        String spec = TestGateways.ONE_MODEL + "masterKeySecretRef: {name: admin, key: key}";
        assertThat(problems(spec, Map.of())).extracting(p -> p.reason().wire()).containsExactlyInAnyOrder("SecretNotFound", "SecretNotFound");
        assertThat(problems(spec, Map.of("openai", TestGateways.secret("openai", Map.of("other", "x")),
                "admin", TestGateways.secret("admin", Map.of("key", "sk-ok")))))
                .extracting(p -> p.reason().wire()).containsExactly("SecretKeyNotFound");
        List<Problem> badKey = problems(spec, Map.of("openai", TestGateways.secret("openai", Map.of("api-key", "x")),
                "admin", TestGateways.secret("admin", Map.of("key", "no-prefix-secret"))));
        assertThat(badKey).extracting(p -> p.reason().wire()).containsExactly("InvalidMasterKey");
        assertThat(badKey.get(0).message()).doesNotContain("no-prefix-secret");
    }

    @Test
    void theRolloutHashFollowsSecretValuesButNotUnrelatedThings() {
        var gateway = TestGateways.gateway(TestGateways.ONE_MODEL);
        String first = GatewayModel.build(gateway, SecretLookup.of(Map.of("openai", TestGateways.secret("openai", Map.of("api-key", "v1")))))
                .model().configHash();
        String same = GatewayModel.build(gateway, SecretLookup.of(Map.of("openai", TestGateways.secret("openai", Map.of("api-key", "v1", "unrelated", "changed")))))
                .model().configHash();
        String rotated = GatewayModel.build(gateway, SecretLookup.of(Map.of("openai", TestGateways.secret("openai", Map.of("api-key", "v2")))))
                .model().configHash();
        assertThat(same).isEqualTo(first);
        assertThat(rotated).isNotEqualTo(first);
    }

    @Test
    void mountedSecretsRollThePodsOnAnyChangeAndMustExist() {
        var gateway = TestGateways.gateway(TestGateways.ONE_MODEL + """
                trustedCA: {secret: corp-ca}
                files: [{name: prompts, mountPath: /etc/prompts, secret: prompt-files}]
                """);
        var openai = TestGateways.secret("openai", Map.of("api-key", "v1"));
        java.util.function.BiFunction<String, String, GatewayModel.Result> build = (ca, prompt) -> GatewayModel.build(gateway,
                SecretLookup.of(Map.of("openai", openai, "corp-ca", TestGateways.secret("corp-ca", Map.of("ca.crt", ca)),
                        "prompt-files", TestGateways.secret("prompt-files", Map.of("hello.prompt", prompt)))));
        String first = build.apply("PEM-1", "Hi").model().configHash();
        assertThat(build.apply("PEM-1", "Hi").model().configHash()).isEqualTo(first);
        assertThat(build.apply("PEM-2", "Hi").model().configHash()).as("a new CA is read only at start").isNotEqualTo(first);
        assertThat(build.apply("PEM-1", "Hello").model().configHash()).as("any key of a mounted Secret is a file").isNotEqualTo(first);

        assertThat(problems(TestGateways.ONE_MODEL + "trustedCA: {secret: corp-ca}\n", Map.of("openai", openai)))
                .extracting(p -> p.reason().wire()).containsExactly("SecretNotFound");
        assertThat(problems(TestGateways.ONE_MODEL + "trustedCA: {secret: corp-ca, key: bundle.pem}\n",
                Map.of("openai", openai, "corp-ca", TestGateways.secret("corp-ca", Map.of("ca.crt", "x")))))
                .extracting(p -> p.reason().wire()).containsExactly("SecretKeyNotFound");
        assertThat(problems(TestGateways.ONE_MODEL + "trustedCA: {configMap: corp-ca}\nenv: [{name: SSL_CERT_FILE, value: /x.pem}]\n",
                Map.of("openai", openai))).extracting(p -> p.reason().wire()).containsExactly("EnvConflict");
    }

    @Test
    void warningsForMovingTagsSharedStateAndConnectionBudget() {
        GatewayModel model = TestGateways.model(TestGateways.ONE_MODEL + """
                image: {tag: main-stable}
                replicas: 3
                workers: 4
                database: {type: CloudNativePG}
                """);
        assertThat(model.warnings()).anyMatch(w -> w.contains("main-stable moves"))
                .anyMatch(w -> w.contains("rpm/tpm limits are enforced per pod"))
                .anyMatch(w -> w.contains("(3 replicas + 1 during rollouts) x 4 workers x pool 10 + 2 for migrations = 162 connections, Postgres allows 100"));
    }

    @Test
    void jwtAuthWithoutALicenseIsWarnedAbout() {
        String sso = TestGateways.ONE_MODEL + """
                sso: {issuerUrl: "https://sso.example.com/realms/a", clientId: c, clientSecretRef: {name: s, key: k},
                      proxyBaseUrl: "https://llm.example.com", jwt: {enabled: true}}
                """;
        assertThat(TestGateways.model(sso).warnings()).anyMatch(w -> w.contains("Enterprise license"));
        assertThat(TestGateways.model(sso + "env: [{name: LITELLM_LICENSE, valueFrom: {secretKeyRef: {name: lic, key: key}}}]").warnings())
                .noneMatch(w -> w.contains("Enterprise license"));
    }

    @Test
    void egressHostsComeFromApiBasesProvidersAndTheExplicitList() {
        GatewayModel model = TestGateways.model("""
                credentials:
                  - {name: east, apiKey: {secretKeyRef: {name: a, key: k}}, apiBase: {value: "https://east.openai.azure.com"}}
                models:
                  - {name: a, model: azure/gpt-4.1, credential: east}
                  - {name: b, model: anthropic/claude-sonnet-4-5}
                  - {name: c, model: openai/local, apiBase: {value: "http://vllm.ai.svc:8000/v1"}}
                networkPolicy: {cilium: {enabled: true, egressFQDNs: ["*.services.ai.azure.com"]}}
                """);
        assertThat(model.egress().providerHosts()).containsExactly("*.services.ai.azure.com", "api.anthropic.com", "east.openai.azure.com");
        assertThat(model.egress().targets()).containsExactly(new Egress.Target("vllm.ai.svc", 8000));
    }

    @Test
    void quantitiesThatDoNotParseAreRefusedNotThrown() {
        // Both used to throw (the second inside the gateway informer's indexer, which stopped the operator).
        assertThat(problems("""
                models: [{name: a, model: openai/a}]
                resources: {limits: {memory: lots}}
                """)).extracting(p -> p.reason().wire()).containsExactly("InvalidQuantity");
        List<Problem> cache = problems("""
                models: [{name: a, model: openai/a}]
                cache: {type: Dragonfly, dragonfly: {resources: {limits: {memory: abc}, requests: {cpu: 100m}}}}
                """);
        assertThat(cache).extracting(p -> p.reason().wire()).containsExactly("InvalidQuantity");
        assertThat(cache.get(0).message()).contains("spec.cache.dragonfly.resources.limits.memory").contains("abc");
        assertThat(problems("""
                models: [{name: a, model: openai/a}]
                resources: {requests: {cpu: 250m, memory: 512Mi}, limits: {memory: 1Gi}}
                """)).isEmpty();
    }

    @Test
    void negativeQuantitiesAreRefusedBeforeTheApiServerRefusesThePod() {
        // "-1" parses as a quantity, but the Deployment it would go into is invalid (found by HostileInputIT).
        assertThat(problems("""
                models: [{name: a, model: openai/a}]
                resources: {requests: {cpu: "-1"}}
                """)).extracting(p -> p.reason().wire()).containsExactly("InvalidQuantity");
    }

    @Test
    void secretsThePodsAndTheBackupNeedMustExist() {
        String spec = """
                models: [{name: a, model: openai/a}]
                env: [{name: X, valueFrom: {secretKeyRef: {name: env-secret, key: x}}},
                      {name: Y, valueFrom: {secretKeyRef: {name: maybe, key: y, optional: true}}}]
                envFrom: [{secretRef: {name: bulk}}]
                image: {pullSecrets: [registry]}
                database: {type: CloudNativePG}
                backup: {destinationPath: "s3://b/p", s3Credentials: {accessKeyId: {name: s3, key: id}, secretAccessKey: {name: s3, key: secret}}}
                """;
        List<Problem> none = problems(spec, Map.of());
        assertThat(none).extracting(p -> p.reason().wire()).containsOnly("SecretNotFound");
        assertThat(none).extracting(Problem::message).anyMatch(m -> m.contains("/env-secret ")).anyMatch(m -> m.contains("/bulk "))
                .anyMatch(m -> m.contains("/registry ")).anyMatch(m -> m.contains("/s3 ")).noneMatch(m -> m.contains("/maybe "));

        Map<String, Secret> all = Map.of("env-secret", TestGateways.secret("env-secret", Map.of("x", "1")),
                "bulk", TestGateways.secret("bulk", Map.of("A", "1")),
                "registry", TestGateways.secret("registry", Map.of(".dockerconfigjson", "{}")),
                "s3", TestGateways.secret("s3", Map.of("id", "AKIA")));
        assertThat(problems(spec, all)).extracting(Problem::message).containsExactly(
                "Secret " + TestGateways.gateway(spec).getMetadata().getNamespace() + "/s3 has no key secret");
        // Offline (render) nothing is known about Secrets: no verdict.
        assertThat(problems(spec)).isEmpty();
    }
}
