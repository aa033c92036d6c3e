package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.llmgw.it.support.FakeKubelet;
import io.llmgw.it.support.ItEnvironment;
import io.llmgw.operator.state.Readiness;

/**
 * The test double itself: every status FakeKubelet writes is accepted by the real API server (status validation of
 * Jobs, the upstream CNPG and Gateway API schemas) and recognised by the operator's own readiness checks.
 */
class FakeKubeletIT {
    static KubernetesClient client;
    static String ns;

    @BeforeAll
    static void namespace() {
        ItEnvironment env = ItEnvironment.get();
        client = env.client();
        ns = env.controlPlane().createNamespace("fake-kubelet");
    }

    @Test
    void deploymentAvailable() {
        client.resource(new DeploymentBuilder().withNewMetadata().withName("web").withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx").endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
        assertThat(Readiness.rolledOut(client.apps().deployments().inNamespace(ns).withName("web").get())).isFalse();

        Deployment marked = FakeKubelet.markDeploymentAvailable(client, ns, "web");

        assertThat(marked.getStatus().getAvailableReplicas()).isEqualTo(2);
        assertThat(Readiness.rolledOut(client.apps().deployments().inNamespace(ns).withName("web").get())).isTrue();
    }

    @Test
    void jobCompleteAndFailed() {
        for (String name : new String[] { "ok", "ko" }) {
            client.resource(new JobBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                    .withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("Never")
                    .addNewContainer().withName("job").withImage("busybox").endContainer().endSpec().endTemplate().endSpec().build())
                    .create();
        }
        Job complete = FakeKubelet.markJobComplete(client, ns, "ok");
        Job failed = FakeKubelet.markJobFailed(client, ns, "ko");

        assertThat(Readiness.jobComplete(complete)).isTrue();
        assertThat(Readiness.jobFailed(complete)).isFalse();
        assertThat(Readiness.jobFailed(failed)).isTrue();
        assertThat(Readiness.jobComplete(failed)).isFalse();
    }

    @Test
    void cloudNativePgClusterReady() {
        client.resource(Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: db, namespace: %s}
                spec:
                  instances: 3
                  storage: {size: 1Gi}
                """.formatted(ns), GenericKubernetesResource.class)).create();

        GenericKubernetesResource cluster = FakeKubelet.markClusterReady(client, ns, "db");

        assertThat(Readiness.clusterReady(cluster)).isTrue();
        assertThat(((java.util.Map<?, ?>) cluster.getAdditionalProperties().get("status")).get("readyInstances")).isEqualTo(3);
    }

    @Test
    void httpRouteAccepted() {
        client.resource(new HTTPRouteBuilder().withNewMetadata().withName("route").withNamespace(ns).endMetadata()
                .withNewSpec().addNewParentRef().withName("public").withNamespace("gateways").endParentRef()
                .addNewRule().addNewBackendRef().withName("web").withPort(4000).endBackendRef().endRule()
                .endSpec().build()).create();

        HTTPRoute route = FakeKubelet.markRouteAccepted(client, ns, "route");

        assertThat(route.getStatus().getParents()).singleElement().satisfies(parent -> {
            assertThat(parent.getParentRef().getName()).isEqualTo("public");
            assertThat(parent.getConditions()).anyMatch(c -> "Accepted".equals(c.getType()) && "True".equals(c.getStatus()));
        });
    }
}
