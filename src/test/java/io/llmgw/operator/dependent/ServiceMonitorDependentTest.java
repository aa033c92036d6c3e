package io.llmgw.operator.dependent;

import static io.llmgw.TestGateways.litellm;
import static io.llmgw.TestGateways.prometheus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

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
    void scrapesTheProxyServiceWithTheGeneratedMasterKey() {
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
        // the Service carries these labels (Meta.of with component proxy)
        assertThat(sm.getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.of("app.kubernetes.io/instance", "litellm", Names.COMPONENT_LABEL, Names.PROXY));
        assertThat(new ProxyServiceDependent().desired(TestGateways.model(gw)).getMetadata().getLabels())
                .containsAllEntriesOf(sm.getSpec().getSelector().getMatchLabels());

        assertThat(sm.getSpec().getEndpoints()).hasSize(1);
        Endpoint endpoint = sm.getSpec().getEndpoints().get(0);
        assertThat(endpoint.getPort()).isEqualTo("http");
        assertThat(endpoint.getPath()).isEqualTo("/metrics");
        assertThat(endpoint.getInterval()).isEqualTo("30s");
        assertThat(endpoint.getAuthorization().getType()).isEqualTo("Bearer");
        assertThat(endpoint.getAuthorization().getCredentials().getName()).isEqualTo("litellm-keys");
        assertThat(endpoint.getAuthorization().getCredentials().getKey()).isEqualTo("master-key");
        assertThat(endpoint.getBearerTokenSecret()).isNull();
    }

    @Test
    void usesTheUsersMasterKeySecretAndInterval() {
        LiteLLMGateway gw = litellm();
        gw.getSpec().masterKeySecretRef = new SecretKeyRef("litellm-master", "LITELLM_MASTER_KEY");
        serviceMonitor(gw).interval = "15s";
        Endpoint endpoint = dependent.desired(TestGateways.model(gw)).getSpec().getEndpoints().get(0);

        assertThat(endpoint.getAuthorization().getCredentials().getName()).isEqualTo("litellm-master");
        assertThat(endpoint.getAuthorization().getCredentials().getKey()).isEqualTo("LITELLM_MASTER_KEY");
        assertThat(endpoint.getInterval()).isEqualTo("15s");
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
