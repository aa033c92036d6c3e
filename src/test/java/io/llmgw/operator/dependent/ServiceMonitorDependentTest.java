package io.llmgw.operator.dependent;

import static io.llmgw.TestGateways.litellm;
import static io.llmgw.TestGateways.prometheus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.ObservabilitySpec;
import io.llmgw.api.v1alpha1.SecretKeyRef;
import io.llmgw.model.Names;
import io.llmgw.testing.CrdSchema;

class ServiceMonitorDependentTest {
    private final ServiceMonitorDependent dependent = new ServiceMonitorDependent();

    private static ObservabilitySpec.ServiceMonitor serviceMonitor(LiteLLMGateway gw) {
        ObservabilitySpec.Prometheus p = prometheus(gw);
        if (p.serviceMonitor == null) {
            p.serviceMonitor = new ObservabilitySpec.ServiceMonitor();
            p.serviceMonitor.enabled = true;
        }
        return p.serviceMonitor;
    }

    @Test
    void scrapesTheMetricsServiceWithoutAnyCredential() {
        LiteLLMGateway gw = litellm();
        serviceMonitor(gw).labels = Map.of("release", "kube-prometheus-stack");
        ServiceMonitor sm = dependent.desired(TestGateways.model(gw));

        assertThat(sm.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(sm.getMetadata().getName()).isEqualTo("litellm");
        assertThat(sm.getMetadata().getNamespace()).isEqualTo("ai-system");
        assertThat(sm.getMetadata().getLabels())
                .containsEntry("release", "kube-prometheus-stack")
                .containsEntry("app.kubernetes.io/managed-by", Names.MANAGED_BY)
                .containsEntry("app.kubernetes.io/instance", "litellm");
        // the metrics Service carries these labels, the proxy Service (API port, maybe a LoadBalancer) does not
        assertThat(sm.getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.of("app.kubernetes.io/instance", "litellm", Names.COMPONENT_LABEL, Names.MONITORING));
        Service metrics = new MetricsServiceDependent().desired(TestGateways.model(gw));
        assertThat(metrics.getMetadata().getName()).isEqualTo("litellm-metrics");
        assertThat(metrics.getMetadata().getLabels()).containsAllEntriesOf(sm.getSpec().getSelector().getMatchLabels());
        assertThat(new ProxyServiceDependent().desired(TestGateways.model(gw)).getMetadata().getLabels())
                .doesNotContainEntry(Names.COMPONENT_LABEL, Names.MONITORING);

        assertThat(sm.getSpec().getEndpoints()).hasSize(1);
        Endpoint endpoint = sm.getSpec().getEndpoints().get(0);
        assertThat(endpoint.getPort()).isEqualTo("metrics");
        assertThat(metrics.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo(endpoint.getPort());
            assertThat(p.getPort()).isEqualTo(4001);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo(ProxyDeploymentDependent.METRICS_PORT_NAME);
        });
        assertThat(metrics.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(metrics.getSpec().getSelector()).isEqualTo(Map.of("app.kubernetes.io/instance", "litellm", Names.COMPONENT_LABEL, Names.PROXY));
        assertThat(endpoint.getPath()).isEqualTo("/metrics");
        assertThat(endpoint.getInterval()).isEqualTo("30s");
        // no credential of any kind: the master key never leaves the proxy's own Secret
        assertThat(endpoint.getAuthorization()).isNull();
        assertThat(endpoint.getBearerTokenSecret()).isNull();
        assertThat(endpoint.getBasicAuth()).isNull();
        assertThat(endpoint.getOauth2()).isNull();
    }

    @Test
    void evenWithTheUsersMasterKeySecretNoCredentialIsReferenced() {
        LiteLLMGateway gw = litellm();
        gw.getSpec().masterKeySecretRef = new SecretKeyRef("litellm-master", "LITELLM_MASTER_KEY");
        serviceMonitor(gw).interval = "15s";
        ServiceMonitor sm = dependent.desired(TestGateways.model(gw));

        assertThat(Serialization.asYaml(sm)).doesNotContain("litellm-master", "LITELLM_MASTER_KEY", "litellm-keys");
        assertThat(sm.getSpec().getEndpoints().get(0).getInterval()).isEqualTo("15s");
    }

    @Test
    void userLabelsCannotReplaceTheStandardOnes() {
        LiteLLMGateway gw = litellm();
        serviceMonitor(gw).labels = Map.of("app.kubernetes.io/managed-by", "helm", "team", "ai");
        ServiceMonitor sm = dependent.desired(TestGateways.model(gw));

        assertThat(sm.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", Names.MANAGED_BY)
                .containsEntry("team", "ai");
    }

    @Test
    void everyFieldExistsInTheUpstreamCrd() {
        LiteLLMGateway gw = litellm();
        serviceMonitor(gw).labels = Map.of("release", "kube-prometheus-stack");
        CrdSchema schema = CrdSchema.load("servicemonitors.monitoring.coreos.com", "v1");

        assertThat(schema.problems(dependent.desired(TestGateways.model(gw)))).isEmpty();
    }

    @Test
    void enabledOnlyWithPrometheusAndTheServiceMonitorOn() {
        LiteLLMGateway gw = litellm();
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
        prometheus(gw);
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
        serviceMonitor(gw);
        assertThat(dependent.enabled(TestGateways.model(gw))).isTrue();
        prometheus(gw).enabled = false;
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
    }
}
