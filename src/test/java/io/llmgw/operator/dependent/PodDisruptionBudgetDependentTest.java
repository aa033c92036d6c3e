package io.llmgw.operator.dependent;

import static io.llmgw.TestGateways.litellm;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.AvailabilitySpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.Names;

class PodDisruptionBudgetDependentTest {
    private final PodDisruptionBudgetDependent dependent = new PodDisruptionBudgetDependent();

    private static AvailabilitySpec.PodDisruptionBudget pdb(LiteLLMGateway gw) {
        gw.getSpec().availability = new AvailabilitySpec();
        gw.getSpec().availability.podDisruptionBudget = new AvailabilitySpec.PodDisruptionBudget();
        gw.getSpec().availability.podDisruptionBudget.enabled = true;
        return gw.getSpec().availability.podDisruptionBudget;
    }

    @Test
    void defaultsToOnePodAtATime() {
        LiteLLMGateway gw = litellm();
        pdb(gw);
        PodDisruptionBudget p = dependent.desired(TestGateways.model(gw));

        assertThat(p.getMetadata().getName()).isEqualTo("litellm");
        assertThat(p.getMetadata().getNamespace()).isEqualTo("ai-system");
        assertThat(p.getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.of("app.kubernetes.io/instance", "litellm", Names.COMPONENT_LABEL, Names.PROXY));
        assertThat(p.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        assertThat(p.getSpec().getMinAvailable()).isNull();
        assertThat(p.getSpec().getUnhealthyPodEvictionPolicy()).isEqualTo("AlwaysAllow");
    }

    @Test
    void minAvailableOrMaxUnavailableFromTheSpec() {
        LiteLLMGateway gw = litellm();
        pdb(gw).minAvailable = new IntOrString("50%");
        PodDisruptionBudget p = dependent.desired(TestGateways.model(gw));
        assertThat(p.getSpec().getMinAvailable()).isEqualTo(new IntOrString("50%"));
        assertThat(p.getSpec().getMaxUnavailable()).isNull();

        pdb(gw).maxUnavailable = new IntOrString(2);
        p = dependent.desired(TestGateways.model(gw));
        assertThat(p.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(2));
        assertThat(p.getSpec().getMinAvailable()).isNull();
    }

    @Test
    void enabledFollowsTheSpec() {
        LiteLLMGateway gw = litellm();
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
        gw.getSpec().availability = new AvailabilitySpec();
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
        pdb(gw);
        assertThat(dependent.enabled(TestGateways.model(gw))).isTrue();
        gw.getSpec().availability.podDisruptionBudget.enabled = false;
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
    }
}
