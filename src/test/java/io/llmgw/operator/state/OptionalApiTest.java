package io.llmgw.operator.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.ConditionTypes;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.LiteLLMGatewayStatus;
import io.llmgw.model.GatewayModel;
import io.llmgw.operator.status.StatusFactory;

/**
 * The one declaration of optional APIs drives status: whichever CRD is missing, the feature that needs it is
 * reported CRDMissing (naming the CRD and the object it would create) and the gateway is Stalled, never Ready.
 */
class OptionalApiTest {
    static final Clock T0 = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    /** The production example asks for every optional API: database, backups, cross-namespace route, monitoring, Cilium. */
    static LiteLLMGateway everything() throws Exception {
        LiteLLMGateway gateway = Serialization.unmarshal(Files.readString(Path.of("examples/production.yaml")), LiteLLMGateway.class);
        gateway.getMetadata().setGeneration(1L);
        return gateway;
    }

    @Test
    void theProductionExampleWantsEveryOptionalApi() throws Exception {
        GatewayModel model = TestGateways.model(everything());
        assertThat(OptionalApi.values()).allSatisfy(api -> assertThat(api.wantedBy(model)).as(api.name()).isTrue());
    }

    @ParameterizedTest
    @EnumSource(OptionalApi.class)
    void aMissingCrdStallsTheFeatureThatNeedsIt(OptionalApi api) throws Exception {
        LiteLLMGateway gateway = everything();
        GatewayModel model = TestGateways.model(gateway);
        LiteLLMGatewayStatus status = new StatusFactory(T0).valid(gateway, model, nothingObserved(), Set.of(api), List.of());

        Condition feature = condition(status, api.condition());
        assertThat(feature.getStatus()).isEqualTo("False");
        assertThat(feature.getReason()).isEqualTo("CRDMissing");
        assertThat(feature.getMessage()).contains("CRD " + api.crd() + " serving " + api.apiVersion() + " not found").contains(api.creates(model) + " cannot be created");
        assertThat(condition(status, ConditionTypes.READY).getStatus()).isEqualTo("False");
        assertThat(condition(status, ConditionTypes.STALLED).getStatus()).isEqualTo("True");
        assertThat(condition(status, ConditionTypes.STALLED).getReason()).isEqualTo("CRDMissing");
        assertThat(status.observedGeneration).isEqualTo(1L);
    }

    @Test
    void aPodMonitorCrdMissingWithAManagedDatabaseIsReported() {
        LiteLLMGateway gateway = TestGateways.withPrometheus(TestGateways.cnpg());
        GatewayModel model = TestGateways.model(gateway);
        assertThat(model.databasePodMonitorEnabled()).isTrue();
        LiteLLMGatewayStatus status = new StatusFactory(T0).valid(gateway, model, nothingObserved(), Set.of(OptionalApi.POD_MONITOR),
                List.of());
        assertThat(condition(status, ConditionTypes.MONITORING_CONFIGURED).getReason()).isEqualTo("CRDMissing");
        assertThat(condition(status, ConditionTypes.MONITORING_CONFIGURED).getMessage())
                .contains("podmonitors.monitoring.coreos.com", "PodMonitor gw-db");
    }

    @Test
    void aQuickstartNeedsNoOptionalApi() {
        GatewayModel model = TestGateways.model(TestGateways.minimal());
        assertThat(OptionalApi.values()).noneSatisfy(api -> assertThat(api.wantedBy(model)).isTrue());
    }

    private static ObservedState nothingObserved() {
        return new ObservedState(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static Condition condition(LiteLLMGatewayStatus status, String type) {
        return status.conditions.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow(() -> new AssertionError(type));
    }
}
