package io.llmgw.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.it.support.Crds;
import io.llmgw.it.support.Project;
import io.llmgw.operator.LiteLLMGatewayReconciler;

/**
 * End to end on a real K3s node (a kubelet, a scheduler, real image pulls): the operator's manifests install,
 * the quickstart gateway's pods start from the pinned LiteLLM image and the gateway reports Ready=True.
 * Needs a Docker engine and internet access for the images; skipped, saying why, where there is none.
 */
class K3sEndToEndIT {
    static final DockerImageName K3S = DockerImageName.parse("rancher/k3s:v1.34.4-k3s1");

    @Test
    void quickstartBecomesReadyOnK3s() {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "no Docker engine on this machine: the K3s end-to-end test runs where Docker exists"
                        + " (the kube-api-test integration tier still runs here)");
        try (K3sContainer k3s = new K3sContainer(K3S)) {
            k3s.start();
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build()) {
                Crds.install(client, Project.file("deploy/crds/litellmgateways.llmgw.io-v1.yml"));
                for (String manifest : new String[] { "namespace.yaml", "serviceaccount.yaml", "clusterrole.yaml", "clusterrolebinding.yaml" }) {
                    client.load(Project.file("deploy/operator/" + manifest).toFile().toURI().toURL().openStream()).serverSideApply();
                }
                Operator operator = new Operator(o -> o.withKubernetesClient(client));
                operator.register(new LiteLLMGatewayReconciler());
                operator.start();
                try {
                    String ns = "e2e";
                    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).serverSideApply();
                    client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("openai").endMetadata()
                            .withStringData(Map.of("api-key", "sk-e2e-not-a-real-key")).build()).create();
                    LiteLLMGateway gateway = Serialization.unmarshal(Project.read("examples/quickstart.yaml"), LiteLLMGateway.class);
                    gateway.getMetadata().setNamespace(ns);
                    client.resource(gateway).create();

                    Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
                    LiteLLMGateway current = null;
                    while (Instant.now().isBefore(deadline)) {
                        current = client.resources(LiteLLMGateway.class).inNamespace(ns).withName("quickstart").get();
                        if (current.getStatus() != null && current.getStatus().conditions.stream()
                                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
                            break;
                        }
                        Thread.sleep(5000);
                    }
                    assertThat(current.getStatus().conditions).as("status of the quickstart gateway on K3s")
                            .anySatisfy(c -> {
                                assertThat(c.getType()).isEqualTo("Ready");
                                assertThat(c.getStatus()).isEqualTo("True");
                            });
                    assertThat(current.getStatus().readyReplicas).isEqualTo(1);
                } finally {
                    operator.stop();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
