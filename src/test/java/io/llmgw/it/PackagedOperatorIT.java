package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.llmgw.api.v1alpha1.ConditionTypes;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.it.support.Await;
import io.llmgw.it.support.FakeKubelet;
import io.llmgw.it.support.Gateways;
import io.llmgw.it.support.ItEnvironment;
import io.llmgw.it.support.OperatorProcess;
import io.llmgw.it.support.Project;

/**
 * The packaged operator as the Deployment runs it (the Quarkus application, production profile, leader election,
 * the ServiceAccount's RBAC), where the rest of the tier runs the same reconciler as plain JOSDK: it reconciles
 * the quickstart to Ready and serves its reconcile metrics at {@code /q/metrics} for the ServiceMonitor.
 */
class PackagedOperatorIT {
    static final String PROVIDER_KEY = "sk-packaged-operator-test-key";
    static KubernetesClient client;
    static String ns;
    static OperatorProcess operator;

    @BeforeAll
    static void startPackagedOperator() {
        ItEnvironment env = ItEnvironment.get();
        client = env.client();
        ns = env.controlPlane().createNamespace("packaged");
        OperatorProcess.allowLease(client, ns);
        operator = OperatorProcess.start("packaged-0", env.operator().identity(), env.controlPlane().clientConfig().getMasterUrl(), ns);
        Await.until("the packaged operator is live", Duration.ofSeconds(90), () -> operator.liveness() == 200);
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void reconcilesTheQuickstartAndExportsReconcileMetrics() {
        Gateways.providerSecret(client, ns, "openai", "api-key", PROVIDER_KEY);
        LiteLLMGateway quickstart = Gateways.parse(Project.read("examples/quickstart.yaml"));
        quickstart.getMetadata().setNamespace(ns);
        quickstart.getMetadata().setLabels(Map.of(OperatorProcess.LABEL, "true"));
        client.resource(quickstart).create();
        String name = quickstart.getMetadata().getName();

        Await.until("the packaged operator creates Deployment " + name, Duration.ofSeconds(90),
                () -> client.apps().deployments().inNamespace(ns).withName(name).get() != null);
        FakeKubelet.markDeploymentAvailable(client, ns, name);
        Gateways.awaitCondition(client, ns, name, ConditionTypes.READY, "True");

        String metrics = operator.metrics();
        System.out.println(metrics.lines().filter(l -> !l.startsWith("#") && (l.contains("reconcil") || l.contains("llmgw")))
                .reduce("", (a, b) -> a + b + "\n"));
        assertThat(metrics).as("the gateway's own gauges").containsPattern("llmgw_gateway_ready\\{[^}]*name=\"" + name + "\"[^}]*} 1\\.0");
        assertThat(metrics).as("JOSDK's reconcile metrics").containsPattern("(?m)^reconciliations_success_total\\{[^}]*controller_name=\"litellmgateway\"");
        assertThat(metrics).doesNotContain(PROVIDER_KEY);
        assertThat(operator.log()).doesNotContain(PROVIDER_KEY);
    }
}
