package io.llmgw.operator.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Names;
import io.llmgw.operator.state.LastGoodConfiguration.Rejection;
import io.llmgw.operator.state.LastGoodConfiguration.Snapshot;

class RollbackTest {
    static final Instant NOW = PodHealthTest.NOW;
    static final LiteLLMGateway GOOD = generation(TestGateways.gateway(TestGateways.ONE_MODEL), 1);
    static final Snapshot LAST_GOOD = LastGoodConfiguration.of(GOOD, TestGateways.model(GOOD));
    static final LiteLLMGateway BAD = generation(TestGateways.gateway(TestGateways.ONE_MODEL + "litellmSettings: {callbacks: [no_such_callback]}"), 2);
    static final GatewayModel BAD_MODEL = TestGateways.model(BAD);
    static final Pod CRASHING = PodHealthTest.pod("gw-7c9-x1", List.of(PodHealthTest.ready(false, PodHealthTest.STARTED)),
            PodHealthTest.crashLooping("Error", 3, 4));

    static LiteLLMGateway generation(LiteLLMGateway gateway, long generation) {
        gateway.getMetadata().setGeneration(generation);
        return gateway;
    }

    static Deployment proxy(String configHash, boolean deadlineExceeded) {
        return new DeploymentBuilder().withNewMetadata().withName("gw").withNamespace("ns").withGeneration(5L).endMetadata()
                .withNewSpec().withNewTemplate().withNewMetadata().withAnnotations(Map.of(Names.CONFIG_HASH_ANNOTATION, configHash))
                .endMetadata().endTemplate().endSpec()
                .withNewStatus().withObservedGeneration(5L).addNewCondition().withType("Progressing")
                .withStatus(deadlineExceeded ? "False" : "True").withReason(deadlineExceeded ? "ProgressDeadlineExceeded" : "ReplicaSetUpdated")
                .endCondition().endStatus().build();
    }

    static ObservedState observed(Deployment proxy, Pod... pods) {
        return new ObservedState(Optional.of(proxy), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(pods));
    }

    @Test
    void aFaultAtTheProgressDeadlineOfTheSpecsOwnRolloutRollsBackAndRemembersTheGeneration() {
        Rollback rollback = Rollback.decide(BAD, BAD_MODEL, Optional.of(LAST_GOOD), observed(proxy(BAD_MODEL.configHash(), true), CRASHING), NOW)
                .orElseThrow();
        assertThat(rollback.target().configHash()).isEqualTo(LAST_GOOD.configHash());
        assertThat(rollback.target().rejected()).contains(rollback.rejection());
        assertThat(rollback.rejection().generation()).isEqualTo(2);
        assertThat(rollback.rejection().reason()).isEqualTo("CrashLoopBackOff");
        assertThat(rollback.message()).contains("generation 2 did not roll out (CrashLoopBackOff", "serving the configuration of generation 1")
                .doesNotContain("sk-secret");
        assertThat(rollback.target().spec().litellmSettings).as("the spec that was Ready, not the failed one").isNull();
    }

    @Test
    void aRolledBackGenerationIsNotRetriedUntilTheSpecChanges() {
        Snapshot rejected = LAST_GOOD.rejecting(new Rejection(2, "CrashLoopBackOff", "1 of 1 pods crash in a loop"));
        ObservedState servingOld = observed(proxy(LAST_GOOD.configHash(), false));
        assertThat(Rollback.decide(BAD, BAD_MODEL, Optional.of(rejected), servingOld, NOW)).isPresent();

        LiteLLMGateway fixed = generation(TestGateways.gateway(TestGateways.ONE_MODEL + "replicas: 2"), 3);
        assertThat(Rollback.decide(fixed, TestGateways.model(fixed), Optional.of(rejected), servingOld, NOW))
                .as("a new generation gets its own rollout").isEmpty();
    }

    @Test
    void noRollbackWhileTheRolloutMayStillHealOrWithoutAFaultOrTarget() {
        String bad = BAD_MODEL.configHash();
        assertThat(Rollback.decide(BAD, BAD_MODEL, Optional.of(LAST_GOOD), observed(proxy(bad, false), CRASHING), NOW))
                .as("before the deadline").isEmpty();
        assertThat(Rollback.decide(BAD, BAD_MODEL, Optional.of(LAST_GOOD), observed(proxy(bad, true)), NOW))
                .as("no pod fault: not the configuration's doing").isEmpty();
        assertThat(Rollback.decide(BAD, BAD_MODEL, Optional.empty(), observed(proxy(bad, true), CRASHING), NOW))
                .as("never Ready before").isEmpty();
        assertThat(Rollback.decide(BAD, BAD_MODEL, Optional.of(LAST_GOOD), observed(proxy(LAST_GOOD.configHash(), true), CRASHING), NOW))
                .as("the stuck rollout is not this spec's").isEmpty();
        Deployment unobserved = new DeploymentBuilder(proxy(bad, true)).editMetadata().withGeneration(6L).endMetadata().build();
        assertThat(Rollback.decide(BAD, BAD_MODEL, Optional.of(LAST_GOOD), observed(unobserved, CRASHING), NOW))
                .as("a verdict on an older template").isEmpty();

        LiteLLMGateway off = generation(TestGateways.gateway(TestGateways.ONE_MODEL
                + "litellmSettings: {callbacks: [no_such_callback]}\nrollout: {autoRollback: false}"), 2);
        GatewayModel offModel = TestGateways.model(off);
        assertThat(Rollback.decide(off, offModel, Optional.of(LAST_GOOD), observed(proxy(offModel.configHash(), true), CRASHING), NOW))
                .as("switched off").isEmpty();
    }

    @Test
    void aStoredSnapshotOfTheCurrentGenerationNeedsNoNewOne() {
        assertThat(LastGoodConfiguration.records(Optional.of(LAST_GOOD), GOOD, TestGateways.model(GOOD))).isTrue();
        assertThat(LastGoodConfiguration.records(Optional.of(LAST_GOOD), BAD, BAD_MODEL)).isFalse();
        assertThat(LastGoodConfiguration.records(Optional.of(LAST_GOOD.rejecting(new Rejection(2, "OOMKilled", "x"))), GOOD,
                TestGateways.model(GOOD))).as("a new Ready clears the rejection").isFalse();
        assertThat(LastGoodConfiguration.records(Optional.empty(), GOOD, TestGateways.model(GOOD))).isFalse();
    }

    @Test
    void theSnapshotRoundTripsThroughItsConfigMapWithoutSecretValues() {
        Snapshot rejected = LAST_GOOD.rejecting(new Rejection(2, "OOMKilled", "1 of 1 pods are OOM-killed in a loop"));
        ConfigMap stored = LastGoodConfiguration.desired(BAD_MODEL, rejected);
        assertThat(stored.getMetadata().getName()).isEqualTo("gw-last-good");
        assertThat(stored.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getKind()).isEqualTo("LiteLLMGateway"));
        assertThat(stored.getMetadata().getLabels()).containsEntry(Names.GATEWAY_LABEL, "gw");
        assertThat(LastGoodConfiguration.parse(stored)).contains(rejected);
        assertThat(stored.getData().get(LastGoodConfiguration.SPEC_KEY)).contains("secretKeyRef").doesNotContain("sk-");

        stored.getMetadata().getAnnotations().put(LastGoodConfiguration.GENERATION, "edited");
        assertThat(LastGoodConfiguration.parse(stored)).as("an edited record is no target, never a crash").isEmpty();
    }
}
