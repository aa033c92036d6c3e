package io.llmgw.operator.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.llmgw.operator.state.PodHealth.Fault;

/** Pod statuses as the kubelet and the scheduler write them (shapes taken from real pods on the node tier). */
public class PodHealthTest {
    public static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    public static final String STARTED = "2026-12-01T11:50:00Z";

    public static Pod pod(String name, List<PodCondition> conditions, ContainerStatus... containers) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withCreationTimestamp(STARTED).endMetadata()
                .withNewStatus().withPhase("Running").withStartTime(STARTED).withConditions(conditions)
                .withContainerStatuses(containers).endStatus().build();
    }

    public static PodCondition ready(boolean ready, String since) {
        return new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False").withLastTransitionTime(since).build();
    }

    static ContainerStatus running(boolean ready) {
        return new ContainerStatusBuilder().withName("litellm").withReady(ready).withStarted(true).withRestartCount(0)
                .withNewState().withNewRunning().withStartedAt(STARTED).endRunning().endState().build();
    }

    static ContainerStatus waiting(String reason, String message) {
        return new ContainerStatusBuilder().withName("litellm").withReady(false).withStarted(false).withRestartCount(0)
                .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState().build();
    }

    public static ContainerStatus crashLooping(String lastReason, int exitCode, int restarts) {
        return new ContainerStatusBuilder().withName("litellm").withReady(false).withStarted(false).withRestartCount(restarts)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                .withMessage("back-off 40s restarting failed container=litellm pod=gw-1").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(exitCode).withReason(lastReason)
                .withFinishedAt("2026-12-01T11:59:30Z").withMessage("sk-secret-from-a-termination-log").endTerminated().endLastState()
                .build();
    }

    @Test
    void readyPodsAreHealthy() {
        var health = PodHealth.assess(List.of(pod("gw-1", List.of(ready(true, STARTED)), running(true)),
                pod("gw-2", List.of(ready(true, STARTED)), running(true))), NOW);
        assertThat(health.healthy()).isTrue();
        assertThat(health.ready()).isEqualTo(2);
        assertThat(health.total()).isEqualTo(2);
        assertThat(health.recheckIn()).isEmpty();
    }

    @Test
    void aCrashLoopNamesTheExitCodeAndNeverTheTerminationMessage() {
        var health = PodHealth.assess(List.of(pod("gw-1", List.of(ready(false, STARTED)), crashLooping("Error", 1, 4)),
                pod("gw-2", List.of(ready(true, STARTED)), running(true))), NOW);
        var verdict = health.verdict().orElseThrow();
        assertThat(verdict.fault()).isEqualTo(Fault.CrashLoopBackOff);
        assertThat(verdict.pods()).isEqualTo(1);
        assertThat(verdict.total()).isEqualTo(2);
        assertThat(verdict.since()).isEqualTo(Instant.parse(STARTED));
        assertThat(verdict.message()).contains("1 of 2 pods crash in a loop", "gw-1", "restarted 4 times", "exit code 1 (Error)")
                .doesNotContain("sk-secret");
    }

    @Test
    void aCompletedInitContainerIsNoFaultAndAFailingOneIsACrashLoop() {
        ContainerStatus completed = new ContainerStatusBuilder().withName("ca-bundle").withReady(true).withRestartCount(0)
                .withNewState().withNewTerminated().withExitCode(0).withReason("Completed").withFinishedAt(STARTED).endTerminated().endState()
                .build();
        Pod withInit = pod("gw-1", List.of(ready(true, STARTED)), running(true));
        withInit.getStatus().setInitContainerStatuses(List.of(completed));
        var healthy = PodHealth.assess(List.of(withInit), NOW);
        assertThat(healthy.healthy()).isTrue();
        assertThat(healthy.lastTermination()).isEmpty();

        ContainerStatus failing = crashLooping("Error", 1, 3);
        failing.setName("ca-bundle");
        Pod stuck = pod("gw-2", List.of(ready(false, STARTED)), waiting("PodInitializing", null));
        stuck.getStatus().setInitContainerStatuses(List.of(failing));
        var verdict = PodHealth.assess(List.of(stuck), NOW).verdict().orElseThrow();
        assertThat(verdict.fault()).isEqualTo(Fault.CrashLoopBackOff);
        assertThat(verdict.detail()).contains("container ca-bundle", "exit code 1");
    }

    @Test
    void aLoopOfOomKillsIsReportedAsSuch() {
        var verdict = PodHealth.assess(List.of(pod("gw-1", List.of(ready(false, STARTED)), crashLooping("OOMKilled", 137, 2))), NOW)
                .verdict().orElseThrow();
        assertThat(verdict.fault()).isEqualTo(Fault.OOMKilled);
        assertThat(verdict.message()).contains("exit code 137 (OOMKilled)", "spec.resources.limits.memory");
    }

    @Test
    void aRestartedContainerRunningAgainButNotReadyIsStillTheSameLoop() {
        ContainerStatus again = new ContainerStatusBuilder(crashLooping("OOMKilled", 137, 3)).withStarted(false)
                .withNewState().withNewRunning().withStartedAt("2026-12-01T11:59:50Z").endRunning().endState().build();
        var verdict = PodHealth.assess(List.of(pod("gw-1", List.of(ready(false, STARTED)), again)), NOW).verdict().orElseThrow();
        assertThat(verdict.fault()).isEqualTo(Fault.OOMKilled);
    }

    @Test
    void aPodThatRecoveredFromAnOomKillIsHealthyAndItsLastTerminationIsKept() {
        ContainerStatus recovered = new ContainerStatusBuilder(crashLooping("OOMKilled", 137, 1)).withReady(true).withStarted(true)
                .withNewState().withNewRunning().withStartedAt("2026-12-01T11:59:40Z").endRunning().endState().build();
        var health = PodHealth.assess(List.of(pod("gw-1", List.of(ready(true, "2026-12-01T11:59:50Z")), recovered)), NOW);
        assertThat(health.healthy()).isTrue();
        assertThat(health.restarts()).isEqualTo(1);
        assertThat(health.lastTermination()).hasValueSatisfying(t -> assertThat(t).contains("OOMKilled"));
    }

    @Test
    void imagePullAndMissingSecretKeysAreNamedWithTheKubeletsWords() {
        var pull = PodHealth.assess(List.of(pod("gw-1", List.of(ready(false, STARTED)),
                waiting("ImagePullBackOff", "Back-off pulling image \"ghcr.io/berriai/litellm:nope\""))), NOW).verdict().orElseThrow();
        assertThat(pull.fault()).isEqualTo(Fault.ImagePullBackOff);
        assertThat(pull.message()).contains("ghcr.io/berriai/litellm:nope");

        var key = PodHealth.assess(List.of(pod("gw-1", List.of(ready(false, STARTED)),
                waiting("CreateContainerConfigError", "couldn't find key api-key in Secret ns/provider"))), NOW).verdict().orElseThrow();
        assertThat(key.fault()).isEqualTo(Fault.CreateContainerConfigError);
        assertThat(key.message()).contains("couldn't find key api-key in Secret ns/provider");
    }

    @Test
    void anUnschedulablePodIsTheWorstFaultAndCarriesTheSchedulersMessage() {
        Pod pending = new PodBuilder().withNewMetadata().withName("gw-2").withNamespace("ns").withCreationTimestamp(STARTED).endMetadata()
                .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage("0/1 nodes are available: 1 Insufficient memory.")
                .withLastTransitionTime("2026-12-01T11:55:00Z").endCondition().endStatus().build();
        var verdict = PodHealth.assess(List.of(pod("gw-1", List.of(ready(false, STARTED)), crashLooping("Error", 1, 2)), pending), NOW)
                .verdict().orElseThrow();
        assertThat(verdict.fault()).isEqualTo(Fault.Unschedulable);
        assertThat(verdict.message()).contains("1 of 2 pods cannot be scheduled since 2026-12-01T11:55:00Z", "Insufficient memory");
    }

    @Test
    void startedButNotReadyIsAFaultOnlyAfterTheReadinessBudgetAndTheOperatorLooksAgainThen() {
        String thirtySecondsAgo = NOW.minusSeconds(30).toString();
        var young = PodHealth.assess(List.of(pod("gw-1", List.of(ready(false, thirtySecondsAgo)), running(false))), NOW);
        assertThat(young.healthy()).isTrue();
        assertThat(young.recheckIn()).hasValue(PodHealth.READINESS_BUDGET.minusSeconds(30).plusSeconds(1));

        String longAgo = NOW.minus(PodHealth.READINESS_BUDGET).minusSeconds(5).toString();
        var old = PodHealth.assess(List.of(pod("gw-1", List.of(ready(false, longAgo)), running(false))), NOW);
        assertThat(old.verdict().orElseThrow().fault()).isEqualTo(Fault.ReadinessFailing);
        assertThat(old.verdict().get().message()).contains("started but not ready for " + (PodHealth.READINESS_BUDGET.toSeconds() + 5) + " s");
        assertThat(old.recheckIn()).isEmpty();
    }

    @Test
    void terminatingAndFinishedPodsDoNotCount() {
        Pod terminating = new PodBuilder(pod("gw-old", List.of(ready(false, STARTED)), crashLooping("Error", 1, 9)))
                .editMetadata().withDeletionTimestamp(STARTED).endMetadata().build();
        var health = PodHealth.assess(List.of(terminating, pod("gw-1", List.of(ready(true, STARTED)), running(true))), NOW);
        assertThat(health.healthy()).isTrue();
        assertThat(health.total()).isEqualTo(1);
    }
}
