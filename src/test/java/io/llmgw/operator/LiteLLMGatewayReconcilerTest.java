package io.llmgw.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.LiteLLMGateway;

/** The parts of the reconciler that run outside a gateway's own reconcile must never throw. */
class LiteLLMGatewayReconcilerTest {

    @Test
    void theSecretIndexerIsTotalForSpecsThatCannotBeBuilt() {
        // An indexer that throws fails the informer of every gateway, and at the next start the operator itself.
        LiteLLMGateway hugeTag = TestGateways.gateway("""
                models: [{name: a, model: openai/a, apiKey: {secretKeyRef: {name: openai, key: k}}}]
                image: {tag: "1.99999999999.0"}
                """);
        LiteLLMGateway noModels = TestGateways.gateway("replicas: 1\n");
        noModels.getSpec().models = null;
        LiteLLMGateway noSpec = TestGateways.gateway("replicas: 1\n");
        noSpec.setSpec(null);
        for (LiteLLMGateway gateway : new LiteLLMGateway[] { hugeTag, noModels, noSpec }) {
            assertThatCode(() -> LiteLLMGatewayReconciler.referencedSecretKeys(gateway)).doesNotThrowAnyException();
        }
    }

    @Test
    void theSecretIndexerIndexesWhatAValidGatewayReferences() {
        LiteLLMGateway gateway = TestGateways.gateway("""
                models: [{name: a, model: openai/a, apiKey: {secretKeyRef: {name: openai, key: k}}}]
                """);
        assertThat(LiteLLMGatewayReconciler.referencedSecretKeys(gateway))
                .contains(gateway.getMetadata().getNamespace() + "/openai");
    }
}
