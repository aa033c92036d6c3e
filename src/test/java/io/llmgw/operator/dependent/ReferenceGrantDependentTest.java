package io.llmgw.operator.dependent;

import static io.llmgw.TestGateways.litellm;
import static io.llmgw.TestGateways.route;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.testing.CrdSchema;

class ReferenceGrantDependentTest {
    private final ReferenceGrantDependent dependent = new ReferenceGrantDependent();

    @Test
    void letsTheRoutesNamespaceReferenceOnlyTheService() {
        LiteLLMGateway gw = litellm();
        route(gw, "network");
        ReferenceGrant grant = dependent.desired(TestGateways.model(gw));

        assertThat(grant.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1beta1");
        assertThat(grant.getMetadata().getName()).isEqualTo("litellm-route");
        assertThat(grant.getMetadata().getNamespace()).isEqualTo("ai-system");
        assertThat(grant.getSpec().getFrom()).singleElement().satisfies(from -> {
            assertThat(from.getGroup()).isEqualTo("gateway.networking.k8s.io");
            assertThat(from.getKind()).isEqualTo("HTTPRoute");
            assertThat(from.getNamespace()).isEqualTo("network");
        });
        assertThat(grant.getSpec().getTo()).singleElement().satisfies(to -> {
            assertThat(to.getGroup()).isEmpty();
            assertThat(to.getKind()).isEqualTo("Service");
            assertThat(to.getName()).isEqualTo("litellm");
        });
    }

    @Test
    void enabledOnlyForACrossNamespaceRoute() {
        LiteLLMGateway gw = litellm();
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
        route(gw, null);
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
        route(gw, "ai-system");
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
        route(gw, "network");
        assertThat(dependent.enabled(TestGateways.model(gw))).isTrue();
    }

    @Test
    void theFabric8VersionIsServedAndEveryFieldExistsInTheUpstreamCrd() {
        LiteLLMGateway gw = litellm();
        route(gw, "network");
        CrdSchema schema = CrdSchema.load("referencegrants.gateway.networking.k8s.io", "v1beta1");

        assertThat(schema.served()).isTrue();
        assertThat(schema.problems(dependent.desired(TestGateways.model(gw)))).isEmpty();
    }
}
