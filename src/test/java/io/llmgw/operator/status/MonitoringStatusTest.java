package io.llmgw.operator.status;

import static io.llmgw.TestGateways.prometheus;
import static io.llmgw.operator.status.StatusFactoryTest.available;
import static io.llmgw.operator.status.StatusFactoryTest.observed;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.ConditionTypes;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.LiteLLMGatewayStatus;
import io.llmgw.api.v1alpha1.ObservabilitySpec;
import io.llmgw.operator.state.OptionalApi;

/** MonitoringConfigured covers the ServiceMonitor, the PrometheusRule and the database PodMonitor (the Prometheus Operator's CRDs). */
class MonitoringStatusTest {
    private static Condition monitoring(LiteLLMGatewayStatus status) {
        return status.conditions.stream().filter(c -> c.getType().equals(ConditionTypes.MONITORING_CONFIGURED)).findFirst().orElseThrow();
    }

    private static LiteLLMGatewayStatus status(LiteLLMGateway gw, Set<OptionalApi> missing) {
        return new StatusFactory(StatusFactoryTest.T0).valid(gw, TestGateways.model(gw), observed(available(1)), missing, List.of());
    }

    @Test
    void missingPrometheusRuleCrdStallsWhenAlertRulesAreOn() {
        LiteLLMGateway gw = TestGateways.litellm();
        prometheus(gw).alertRules = true;
        LiteLLMGatewayStatus s = status(gw, Set.of(OptionalApi.PROMETHEUS_RULE));

        assertThat(monitoring(s).getStatus()).isEqualTo("False");
        assertThat(monitoring(s).getReason()).isEqualTo("CRDMissing");
        assertThat(monitoring(s).getMessage()).contains(OptionalApi.PROMETHEUS_RULE.crd());
        assertThat(StatusFactoryTest.status(s, "Stalled")).isEqualTo("True");
        assertThat(StatusFactoryTest.status(s, "Ready")).isEqualTo("False");
    }

    @Test
    void appliedNamesBothObjects() {
        LiteLLMGateway gw = TestGateways.litellm();
        prometheus(gw).alertRules = true;
        prometheus(gw).serviceMonitor = new ObservabilitySpec.ServiceMonitor();
        prometheus(gw).serviceMonitor.enabled = true;
        LiteLLMGatewayStatus s = status(gw, Set.of());

        assertThat(monitoring(s).getStatus()).isEqualTo("True");
        assertThat(monitoring(s).getMessage()).isEqualTo("ServiceMonitor litellm, PrometheusRule litellm applied");
        assertThat(StatusFactoryTest.status(s, "Ready")).isEqualTo("True");
    }

    @Test
    void everyMissingCrdIsNamed() {
        LiteLLMGateway gw = TestGateways.litellm();
        prometheus(gw).alertRules = true;
        prometheus(gw).serviceMonitor = new ObservabilitySpec.ServiceMonitor();
        prometheus(gw).serviceMonitor.enabled = true;
        LiteLLMGatewayStatus s = status(gw, Set.of(OptionalApi.SERVICE_MONITOR, OptionalApi.PROMETHEUS_RULE));

        assertThat(monitoring(s).getReason()).isEqualTo("CRDMissing");
        assertThat(monitoring(s).getMessage()).contains(OptionalApi.SERVICE_MONITOR.crd()).contains(OptionalApi.PROMETHEUS_RULE.crd());
    }

    @Test
    void dashboardAloneNeedsNoCrd() {
        LiteLLMGateway gw = TestGateways.litellm();
        prometheus(gw).dashboard = true;
        LiteLLMGatewayStatus s = status(gw, Set.of());

        assertThat(monitoring(s).getReason()).isEqualTo("NotRequired");
        assertThat(StatusFactoryTest.status(s, "Ready")).isEqualTo("True");
    }
}
