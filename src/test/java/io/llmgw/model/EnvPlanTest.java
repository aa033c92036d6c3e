package io.llmgw.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.llmgw.api.v1alpha1.SecretKeyRef;

class EnvPlanTest {
    @Test
    void oneVariablePerSecretKeyAndUniqueNames() {
        EnvPlan env = new EnvPlan();
        String a = env.reference(new SecretKeyRef("azure-keys", "api.key"));
        String again = env.reference(new SecretKeyRef("azure-keys", "api.key"));
        String clash = env.reference(new SecretKeyRef("azure-keys", "api-key"));
        assertThat(a).isEqualTo("os.environ/LLMGW_AZURE_KEYS__API_KEY").isEqualTo(again);
        assertThat(clash).isEqualTo("os.environ/LLMGW_AZURE_KEYS__API_KEY_2");
        assertThat(env.vars()).hasSize(2);
        assertThat(env.secretRefs()).hasSize(2);
    }

    @Test
    void fixedNameSecretsAreReusedByReferences() {
        EnvPlan env = new EnvPlan();
        env.secret("LITELLM_MASTER_KEY", new SecretKeyRef("gw-keys", "master-key"));
        assertThat(env.reference(new SecretKeyRef("gw-keys", "master-key"))).isEqualTo("os.environ/LITELLM_MASTER_KEY");
        assertThat(env.vars()).hasSize(1);
    }
}
