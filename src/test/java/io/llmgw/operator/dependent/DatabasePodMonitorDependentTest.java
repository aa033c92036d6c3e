package io.llmgw.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.DatabaseSpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.ObservabilitySpec;
import io.llmgw.model.Names;

class DatabasePodMonitorDependentTest {
    private final DatabasePodMonitorDependent dependent = new DatabasePodMonitorDependent();

    @Test
    void scrapesTheMetricsPortOfTheClusterInstances() {
        var model = TestGateways.model(TestGateways.withPrometheus(TestGateways.cnpg()));
        PodMonitor monitor = dependent.desired(model);

        assertThat(monitor.getMetadata().getName()).isEqualTo("gw-db");
        assertThat(monitor.getMetadata().getNamespace()).isEqualTo("ai-system");
        assertThat(monitor.getMetadata().getLabels()).containsEntry(Names.COMPONENT_LABEL, Names.DATABASE)
                .containsEntry("app.kubernetes.io/managed-by", Names.MANAGED_BY);
        String cluster = new DatabaseClusterDependent().desired(model).getMetadata().getName();
        assertThat(monitor.getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.of("cnpg.io/cluster", cluster, "cnpg.io/podRole", "instance"));
        assertThat(monitor.getSpec().getPodMetricsEndpoints()).singleElement()
                .satisfies(e -> assertThat(e.getPort()).isEqualTo("metrics"));
    }

    @Test
    void carriesTheLabelsPrometheusSelectsOnButKeepsItsOwn() {
        LiteLLMGateway gateway = TestGateways.withPrometheus(TestGateways.cnpg());
        gateway.getSpec().observability.prometheus.serviceMonitor = new ObservabilitySpec.ServiceMonitor();
        gateway.getSpec().observability.prometheus.serviceMonitor.labels = Map.of("release", "kube-prometheus-stack",
                "app.kubernetes.io/managed-by", "someone-else");
        PodMonitor monitor = dependent.desired(TestGateways.model(gateway));
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack")
                .containsEntry("app.kubernetes.io/managed-by", Names.MANAGED_BY);
    }

    @Test
    void enabledWithManagedDatabaseAndPrometheusUnlessTurnedOff() {
        assertThat(dependent.enabled(TestGateways.model(TestGateways.withPrometheus(TestGateways.cnpg())))).isTrue();
        assertThat(dependent.enabled(TestGateways.model(TestGateways.cnpg()))).isFalse();
        assertThat(dependent.enabled(TestGateways.model(TestGateways.withPrometheus(TestGateways.minimal())))).isFalse();

        LiteLLMGateway explicitOn = TestGateways.withPrometheus(TestGateways.cnpg());
        explicitOn.getSpec().database.cloudNativePG = new DatabaseSpec.CloudNativePG();
        explicitOn.getSpec().database.cloudNativePG.podMonitor = true;
        assertThat(dependent.enabled(TestGateways.model(explicitOn))).isTrue();

        LiteLLMGateway off = TestGateways.withPrometheus(TestGateways.cnpg());
        off.getSpec().database.cloudNativePG = new DatabaseSpec.CloudNativePG();
        off.getSpec().database.cloudNativePG.podMonitor = false;
        assertThat(dependent.enabled(TestGateways.model(off))).isFalse();

        LiteLLMGateway prometheusOff = TestGateways.withPrometheus(TestGateways.cnpg());
        prometheusOff.getSpec().observability.prometheus.enabled = false;
        assertThat(dependent.enabled(TestGateways.model(prometheusOff))).isFalse();
    }
}
