package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.LitellmSettings;
import io.llmgw.it.support.Await;
import io.llmgw.it.support.FakeKubelet;
import io.llmgw.it.support.Gateways;
import io.llmgw.it.support.ItEnvironment;
import io.llmgw.model.Names;

/**
 * A generation whose pods crash at the progress deadline is rolled back to the last configuration that became
 * Ready: the Deployment and config.yaml return to it, status says RolledBack (Stalled for Flux), the failed
 * generation is not retried while the spec stays, and the next spec rolls out normally. Pods and Deployment status
 * are written as the kubelet and the Deployment controller write them (the node tier does it for real).
 */
class RollbackIT {
    static KubernetesClient client;
    static String ns;

    @BeforeAll
    static void namespace() {
        ItEnvironment env = ItEnvironment.get();
        client = env.client();
        ns = env.controlPlane().createNamespace("rollback");
        Gateways.providerSecret(client, ns, "openai", "api-key", "sk-test");
    }

    static String templateHash() {
        Deployment d = client.apps().deployments().inNamespace(ns).withName("rb").get();
        return d.getSpec().getTemplate().getMetadata().getAnnotations().get(Names.CONFIG_HASH_ANNOTATION);
    }

    static String configYaml() {
        return client.configMaps().inNamespace(ns).withName("rb-config").get().getData().get("config.yaml");
    }

    @Test
    void aCrashingGenerationIsRolledBackNotRetriedAndReplacedByTheNextSpec() {
        Gateways.create(client, ns, """
                apiVersion: llmgw.io/v1alpha1
                kind: LiteLLMGateway
                metadata:
                  name: rb
                spec:
                  rollout: {progressDeadlineSeconds: 60}
                  models: [{name: a, model: openai/gpt-4o-mini, apiKey: {secretKeyRef: {name: openai, key: api-key}}}]
                """);
        Await.until("the proxy Deployment exists", Gateways.CONVERGE,
                () -> client.apps().deployments().inNamespace(ns).withName("rb").get() != null);
        FakeKubelet.markDeploymentAvailable(client, ns, "rb");
        LiteLLMGateway good = Gateways.awaitCondition(client, ns, "rb", "Ready", "True");
        String goodHash = good.getStatus().configHash;
        ConfigMap lastGood = Await.until("the last good configuration is kept", Gateways.CONVERGE,
                () -> client.configMaps().inNamespace(ns).withName("rb-last-good").get(), java.util.Objects::nonNull);
        assertThat(lastGood.getMetadata().getAnnotations()).containsEntry("llmgw.io/generation", "1")
                .containsEntry(Names.CONFIG_HASH_ANNOTATION, goodHash);

        Gateways.edit(client, ns, "rb", gw -> {
            gw.getSpec().litellmSettings = new LitellmSettings();
            gw.getSpec().litellmSettings.callbacks = List.of("no_such_callback");
            return gw;
        });
        Await.until("the new configuration rolls out", Gateways.CONVERGE, () -> !goodHash.equals(templateHash()));
        assertThat(configYaml()).contains("no_such_callback");
        FakeKubelet.reportProxyPod(client, ns, "rb", "rb-6f7d9-bad01", PodFaultsIT.crashLooping(3));
        FakeKubelet.markDeploymentStuck(client, ns, "rb");

        LiteLLMGateway rolledBack = Gateways.awaitCondition(client, ns, "rb", "Stalled", "True", "RolledBack");
        assertThat(Gateways.is(rolledBack, "RolledBack", "True", "CrashLoopBackOff")).isTrue();
        assertThat(Gateways.is(rolledBack, "Ready", "False", "RolledBack")).isTrue();
        assertThat(rolledBack.getStatus().observedGeneration).isEqualTo(2L);
        assertThat(Gateways.condition(rolledBack, "RolledBack").orElseThrow().getMessage())
                .contains("generation 2 did not roll out", "serving the configuration of generation 1");
        assertThat(templateHash()).as("the Deployment is back on the last good template").isEqualTo(goodHash);
        assertThat(configYaml()).doesNotContain("no_such_callback");
        assertThat(client.configMaps().inNamespace(ns).withName("rb-last-good").get().getMetadata().getAnnotations())
                .containsEntry("llmgw.io/rejected-generation", "2").containsEntry("llmgw.io/rejected-reason", "CrashLoopBackOff");
        Await.until("a Warning Event says it", Gateways.CONVERGE, () -> client.v1().events().inNamespace(ns).list().getItems().stream()
                .anyMatch(e -> "rb".equals(e.getInvolvedObject().getName()) && "Warning".equals(e.getType())
                        && "RolledBack".equals(e.getReason())));

        // The old pods serve again; the failed generation is not retried although nothing looks stuck any more.
        client.pods().inNamespace(ns).withName("rb-6f7d9-bad01").delete();
        FakeKubelet.markDeploymentAvailable(client, ns, "rb");
        Gateways.edit(client, ns, "rb", gw -> {
            gw.getMetadata().setAnnotations(Map.of("example.com/poke", "1"));
            return gw;
        });
        // Reconciles follow both writes; none may bring the failed configuration back.
        for (int i = 0; i < 5; i++) {
            Await.sleep(Duration.ofSeconds(1));
            assertThat(templateHash()).as("the failed generation stays rolled back").isEqualTo(goodHash);
            assertThat(Gateways.is(Gateways.gateway(client, ns, "rb").get(), "Stalled", "True", "RolledBack")).isTrue();
        }

        Gateways.edit(client, ns, "rb", gw -> {
            gw.getSpec().litellmSettings = null;
            gw.getSpec().replicas = 2;
            return gw;
        });
        Await.until("the next spec rolls out", Gateways.CONVERGE,
                () -> client.apps().deployments().inNamespace(ns).withName("rb").get().getSpec().getReplicas() == 2);
        FakeKubelet.markDeploymentAvailable(client, ns, "rb");
        LiteLLMGateway fixed = Gateways.awaitCondition(client, ns, "rb", "Ready", "True");
        assertThat(Gateways.condition(fixed, "RolledBack")).isEmpty();
        Await.until("the new generation is the last good one", Gateways.CONVERGE, () -> {
            var annotations = client.configMaps().inNamespace(ns).withName("rb-last-good").get().getMetadata().getAnnotations();
            return "3".equals(annotations.get("llmgw.io/generation")) && !annotations.containsKey("llmgw.io/rejected-generation");
        });
    }
}
