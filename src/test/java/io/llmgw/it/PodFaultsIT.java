package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.it.support.Await;
import io.llmgw.it.support.FakeKubelet;
import io.llmgw.it.support.Gateways;
import io.llmgw.it.support.ItEnvironment;

/**
 * The operator reads the proxy pods (as its ServiceAccount, through its own label-selected informer) and says why a
 * rollout does not progress. Pod statuses are written here as the kubelet writes them (the node tier produces the
 * same faults for real); the test proves the wiring: the informer, RBAC, the status, the Event and kstatus.
 */
class PodFaultsIT {
    static final String TERMINATION_LOG = "sk-from-a-termination-log-never-shown";
    static KubernetesClient client;
    static String ns;

    @BeforeAll
    static void namespace() {
        ItEnvironment env = ItEnvironment.get();
        client = env.client();
        ns = env.controlPlane().createNamespace("pod-faults");
        Gateways.providerSecret(client, ns, "openai", "api-key", "sk-test");
    }

    static PodStatus crashLooping(int restarts) {
        String started = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS).toString();
        ContainerStatus litellm = new ContainerStatusBuilder().withName("litellm").withImage("ghcr.io/berriai/litellm:fake")
                .withImageID("").withReady(false).withStarted(false).withRestartCount(restarts)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                .withMessage("back-off 40s restarting failed container=litellm").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").withMessage(TERMINATION_LOG)
                .withStartedAt(started).withFinishedAt(started).endTerminated().endLastState().build();
        return new PodStatusBuilder().withPhase("Running").withStartTime(started)
                .addNewCondition().withType("Ready").withStatus("False").withLastTransitionTime(started).endCondition()
                .withContainerStatuses(litellm).build();
    }

    static PodStatus ready(int restarts) {
        String started = Instant.now().minusSeconds(10).truncatedTo(ChronoUnit.SECONDS).toString();
        ContainerStatus litellm = new ContainerStatusBuilder().withName("litellm").withImage("ghcr.io/berriai/litellm:fake")
                .withImageID("").withReady(true).withStarted(true).withRestartCount(restarts)
                .withNewState().withNewRunning().withStartedAt(started).endRunning().endState()
                .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").withMessage(TERMINATION_LOG)
                .withStartedAt(started).withFinishedAt(started).endTerminated().endLastState().build();
        return new PodStatusBuilder().withPhase("Running").withStartTime(started)
                .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(started).endCondition()
                .withContainerStatuses(litellm).build();
    }

    @Test
    void aCrashLoopIsReportedThenStalledAtTheDeadlineThenClearedWhenThePodRecovers() {
        Gateways.create(client, ns, """
                apiVersion: llmgw.io/v1alpha1
                kind: LiteLLMGateway
                metadata:
                  name: crashing
                spec:
                  rollout: {progressDeadlineSeconds: 60}
                  models: [{name: a, model: openai/gpt-4o-mini, apiKey: {secretKeyRef: {name: openai, key: api-key}}}]
                """);
        Await.until("the proxy Deployment exists", Gateways.CONVERGE,
                () -> client.apps().deployments().inNamespace(ns).withName("crashing").get() != null);
        assertThat(client.apps().deployments().inNamespace(ns).withName("crashing").get().getSpec().getProgressDeadlineSeconds())
                .isEqualTo(60);

        FakeKubelet.reportProxyPod(client, ns, "crashing", "crashing-5d9f8-abcde", crashLooping(3));
        LiteLLMGateway looping = Gateways.awaitCondition(client, ns, "crashing", "PodsHealthy", "False", "CrashLoopBackOff");
        assertThat(Gateways.is(looping, "DeploymentAvailable", "False", "CrashLoopBackOff")).isTrue();
        assertThat(Gateways.is(looping, "Reconciling", "True")).as("the crash may still clear before the deadline").isTrue();
        assertThat(Gateways.is(looping, "Stalled", "False")).isTrue();
        assertThat(Gateways.condition(looping, "PodsHealthy").orElseThrow().getMessage())
                .contains("1 of 1 pods crash in a loop", "crashing-5d9f8-abcde", "restarted 3 times", "exit code 1 (Error)");
        Await.until("a Warning Event names the fault", Gateways.CONVERGE, () -> client.v1().events().inNamespace(ns).list().getItems()
                .stream().anyMatch(e -> "crashing".equals(e.getInvolvedObject().getName()) && "Warning".equals(e.getType())
                        && "CrashLoopBackOff".equals(e.getReason())));

        FakeKubelet.markDeploymentStuck(client, ns, "crashing");
        LiteLLMGateway stalled = Gateways.awaitCondition(client, ns, "crashing", "Stalled", "True", "CrashLoopBackOff");
        assertThat(Gateways.is(stalled, "Reconciling", "False")).isTrue();
        assertThat(Gateways.is(stalled, "Ready", "False", "CrashLoopBackOff")).isTrue();

        FakeKubelet.reportProxyPod(client, ns, "crashing", "crashing-5d9f8-abcde", ready(4));
        FakeKubelet.markDeploymentAvailable(client, ns, "crashing");
        LiteLLMGateway recovered = Gateways.awaitCondition(client, ns, "crashing", "Ready", "True");
        assertThat(Gateways.is(recovered, "PodsHealthy", "True", "Healthy")).isTrue();
        assertThat(Gateways.condition(recovered, "PodsHealthy").orElseThrow().getMessage())
                .contains("1 of 1 pods ready", "4 restarts", "exit code 1 (Error)");

        List<String> written = List.of(Serialization.asJson(recovered.getStatus()), Serialization.asJson(stalled.getStatus()),
                Serialization.asJson(client.v1().events().inNamespace(ns).list().getItems()));
        assertThat(written).as("a container's termination message may hold anything: never copied").noneMatch(s -> s.contains(TERMINATION_LOG));
    }
}
