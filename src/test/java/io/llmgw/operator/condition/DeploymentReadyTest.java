package io.llmgw.operator.condition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.llmgw.operator.state.Readiness;

/** Deployment statuses as the Deployment controller writes them (shapes seen on the node tier). */
class DeploymentReadyTest {

    static Deployment deployment(long generation, long observed, int desired, int total, int updated, int available) {
        return new DeploymentBuilder().withNewMetadata().withName("gw").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(desired).endSpec()
                .withNewStatus().withObservedGeneration(observed).withReplicas(total).withUpdatedReplicas(updated)
                .withAvailableReplicas(available).withReadyReplicas(available).endStatus().build();
    }

    @Test
    void rolledOutWhenEveryPodRunsTheCurrentTemplateAndIsAvailable() {
        assertThat(Readiness.rolledOut(deployment(2, 2, 1, 1, 1, 1))).isTrue();
        assertThat(Readiness.rolledOut(deployment(2, 2, 3, 3, 3, 3))).isTrue();
    }

    @Test
    void anOldPodServingWhileTheNewOneCrashLoopsIsNotRolledOut() {
        // Seen on the node: replicas 2 (old + new), updated 1, available 1 (the old one), the new one crash-looping.
        assertThat(Readiness.rolledOut(deployment(2, 2, 1, 2, 1, 1))).isFalse();
    }

    @Test
    void notRolledOutBeforeTheControllerSawTheTemplateOrWhilePodsAreUnavailable() {
        assertThat(Readiness.rolledOut(deployment(3, 2, 1, 1, 1, 1))).isFalse();
        assertThat(Readiness.rolledOut(deployment(2, 2, 2, 2, 2, 1))).isFalse();
        assertThat(Readiness.rolledOut(deployment(2, 2, 2, 2, 1, 2))).isFalse();
    }
}
