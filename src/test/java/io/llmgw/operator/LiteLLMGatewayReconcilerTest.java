package io.llmgw.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.LiteLLMGatewayStatus;

/** The parts of the reconciler that run outside a gateway's own reconcile: never throw, never leak a Secret's value. */
class LiteLLMGatewayReconcilerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

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
            assertThatCode(() -> GatewayEventSources.referencedSecretKeys(gateway)).doesNotThrowAnyException();
        }
    }

    @Test
    void theSecretIndexerIndexesWhatAValidGatewayReferences() {
        LiteLLMGateway gateway = TestGateways.gateway("""
                models: [{name: a, model: openai/a, apiKey: {secretKeyRef: {name: openai, key: k}}}]
                """);
        assertThat(GatewayEventSources.referencedSecretKeys(gateway))
                .contains(gateway.getMetadata().getNamespace() + "/openai");
    }

    @Test
    void anUnexpectedErrorIsNotReadyAndReconcilingWithoutTheExceptionsText() {
        LiteLLMGateway gateway = TestGateways.gateway(TestGateways.ONE_MODEL);
        gateway.getMetadata().setGeneration(3L);
        LiteLLMGatewayReconciler reconciler = new LiteLLMGatewayReconciler(CLOCK);

        // A message can quote whatever the code handled, a Secret's value included: only the class reaches the status.
        var control = reconciler.updateErrorStatus(gateway, null, new IllegalArgumentException("cannot parse sk-live-0123456789"));
        LiteLLMGateway written = control.getResource().orElseThrow();
        assertThat(written.getSpec()).as("a status-only object (server-side apply of the status subresource)").isNull();
        assertThat(written.getMetadata().getName()).isEqualTo(gateway.getMetadata().getName());
        LiteLLMGatewayStatus status = written.getStatus();
        assertThat(status.observedGeneration).isEqualTo(3L);
        assertThat(condition(status, "Ready")).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("False", "ReconcileError", "IllegalArgumentException (details in the operator log)");
        assertThat(condition(status, "Reconciling")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "ReconcileError");
        assertThat(condition(status, "Stalled").getStatus()).as("retried, not a verdict that needs the user").isEqualTo("False");
        assertThat(status.conditions).allSatisfy(c -> assertThat(c.getMessage()).doesNotContain("sk-live"));
        assertThat(control.isNoRetry()).isFalse();

        // The same error again writes nothing.
        gateway.setStatus(status);
        assertThat(reconciler.updateErrorStatus(gateway, null, new IllegalArgumentException("cannot parse sk-live-0123456789"))
                .getResource()).isEmpty();
    }

    private static Condition condition(LiteLLMGatewayStatus status, String type) {
        return status.conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }
}
