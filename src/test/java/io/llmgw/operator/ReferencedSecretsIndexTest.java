package io.llmgw.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.LiteLLMGateway;

class ReferencedSecretsIndexTest {
    private final AtomicInteger builds = new AtomicInteger();
    private final ReferencedSecretsIndex index = new ReferencedSecretsIndex(gateway -> {
        builds.incrementAndGet();
        return GatewayEventSources.referencedSecretKeys(gateway);
    });

    @Test
    void aGatewayIsComputedOncePerGenerationWhateverElseChanges() {
        LiteLLMGateway gateway = gateway("uid-1", 1, "openai");
        List<String> first = index.keys(gateway);
        // What a status patch delivers: the same uid and generation, another resourceVersion.
        LiteLLMGateway statusPatched = gateway("uid-1", 1, "openai");
        statusPatched.getMetadata().setResourceVersion("42");
        assertThat(index.keys(statusPatched)).isEqualTo(first).contains(gateway.getMetadata().getNamespace() + "/openai");
        assertThat(builds).hasValue(1);

        LiteLLMGateway edited = gateway("uid-1", 2, "anthropic");
        assertThat(index.keys(edited)).contains(gateway.getMetadata().getNamespace() + "/anthropic").doesNotContain(gateway.getMetadata().getNamespace() + "/openai");
        assertThat(builds).hasValue(2);
    }

    @Test
    void aGatewayWithoutUidOrGenerationIsComputedEachTime() {
        LiteLLMGateway gateway = gateway(null, 1, "openai");
        index.keys(gateway);
        index.keys(gateway);
        assertThat(builds).hasValue(2);
        assertThat(index.size()).isZero();
    }

    @Test
    void deletedGatewaysAgeOutInsteadOfGrowingTheMemory() {
        for (int i = 0; i < ReferencedSecretsIndex.CAPACITY + 10; i++) {
            index.keys(gateway("uid-" + i, 1, "openai"));
        }
        assertThat(index.size()).isEqualTo(ReferencedSecretsIndex.CAPACITY);
    }

    private static LiteLLMGateway gateway(String uid, long generation, String secret) {
        LiteLLMGateway gateway = TestGateways.gateway("models: [{name: a, model: openai/a, apiKey: {secretKeyRef: {name: " + secret
                + ", key: k}}}]\n");
        gateway.getMetadata().setUid(uid);
        gateway.getMetadata().setGeneration(generation);
        return gateway;
    }
}
