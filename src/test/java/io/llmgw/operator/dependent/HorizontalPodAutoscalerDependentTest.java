package io.llmgw.operator.dependent;

import static io.llmgw.TestGateways.litellm;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.AvailabilitySpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;

class HorizontalPodAutoscalerDependentTest {
    private final HorizontalPodAutoscalerDependent dependent = new HorizontalPodAutoscalerDependent();

    private static AvailabilitySpec.Autoscaling autoscaling(LiteLLMGateway gw) {
        gw.getSpec().availability = new AvailabilitySpec();
        gw.getSpec().availability.autoscaling = new AvailabilitySpec.Autoscaling();
        gw.getSpec().availability.autoscaling.enabled = true;
        return gw.getSpec().availability.autoscaling;
    }

    @Test
    void scalesTheProxyDeploymentOnCpuByDefault() {
        LiteLLMGateway gw = litellm();
        gw.getSpec().replicas = 2;
        autoscaling(gw).maxReplicas = 6;
        HorizontalPodAutoscaler hpa = dependent.desired(TestGateways.model(gw));

        assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(hpa.getMetadata().getName()).isEqualTo("litellm");
        assertThat(hpa.getMetadata().getNamespace()).isEqualTo("ai-system");
        assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("litellm");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(6);
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(m -> {
            assertThat(m.getType()).isEqualTo("Resource");
            assertThat(m.getResource().getName()).isEqualTo("cpu");
            assertThat(m.getResource().getTarget().getType()).isEqualTo("Utilization");
            assertThat(m.getResource().getTarget().getAverageUtilization()).isEqualTo(70);
        });
    }

    @Test
    void explicitBoundsAndTargetsIncludingMemory() {
        LiteLLMGateway gw = litellm();
        AvailabilitySpec.Autoscaling as = autoscaling(gw);
        as.minReplicas = 3;
        as.maxReplicas = 10;
        as.targetCPUUtilizationPercentage = 60;
        as.targetMemoryUtilizationPercentage = 80;
        HorizontalPodAutoscaler hpa = dependent.desired(TestGateways.model(gw));

        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
        assertThat(hpa.getSpec().getMetrics()).extracting(m -> m.getResource().getName() + "=" + m.getResource().getTarget().getAverageUtilization())
                .containsExactly("cpu=60", "memory=80");
    }

    @Test
    void withoutBoundsTheMinimumIsTheReplicasAtLeastOneAndTheMaximumDoublesIt() {
        LiteLLMGateway gw = litellm();
        gw.getSpec().replicas = 0;
        autoscaling(gw);
        HorizontalPodAutoscaler hpa = dependent.desired(TestGateways.model(gw));
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(2);

        gw.getSpec().replicas = 3;
        hpa = dependent.desired(TestGateways.model(gw));
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(6);
        assertThat(hpa.getSpec().getMetrics()).extracting(MetricSpec::getType).containsExactly("Resource");
    }

    @Test
    void enabledFollowsTheSpec() {
        LiteLLMGateway gw = litellm();
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
        autoscaling(gw);
        assertThat(dependent.enabled(TestGateways.model(gw))).isTrue();
        gw.getSpec().availability.autoscaling.enabled = false;
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
    }
}
