package io.llmgw.operator.dependent;

import static io.llmgw.TestGateways.litellm;
import static io.llmgw.TestGateways.route;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.Names;
import io.llmgw.testing.CrdSchema;

class HttpRouteDependentTest {
    private final HttpRouteDependent dependent = new HttpRouteDependent();

    @Test
    void sameNamespaceRouteToTheServiceOnPort4000() {
        LiteLLMGateway gw = litellm();
        route(gw, null).path = "/v1";
        HTTPRoute r = dependent.desired(TestGateways.model(gw));

        assertThat(r.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
        assertThat(r.getMetadata().getName()).isEqualTo("ai-system.litellm");
        assertThat(r.getMetadata().getNamespace()).isEqualTo("ai-system");
        assertThat(r.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", Names.MANAGED_BY);
        assertThat(r.getMetadata().getOwnerReferences()).isEmpty();
        assertThat(r.getSpec().getHostnames()).containsExactly("litellm.example.com");

        ParentReference parent = r.getSpec().getParentRefs().get(0);
        assertThat(parent.getGroup()).isEqualTo("gateway.networking.k8s.io");
        assertThat(parent.getKind()).isEqualTo("Gateway");
        assertThat(parent.getName()).isEqualTo("envoy-internal");
        assertThat(parent.getNamespace()).isEqualTo("network");
        assertThat(parent.getSectionName()).isEqualTo("https");

        assertThat(r.getSpec().getRules()).hasSize(1);
        HTTPRouteRule rule = r.getSpec().getRules().get(0);
        assertThat(rule.getMatches()).singleElement().satisfies(m -> {
            assertThat(m.getPath().getType()).isEqualTo("PathPrefix");
            assertThat(m.getPath().getValue()).isEqualTo("/v1");
        });
        assertThat(rule.getTimeouts()).isNull();
        HTTPBackendRef backend = rule.getBackendRefs().get(0);
        assertThat(backend.getName()).isEqualTo("litellm");
        assertThat(backend.getKind()).isEqualTo("Service");
        assertThat(backend.getGroup()).isEmpty();
        assertThat(backend.getPort()).isEqualTo(4000);
        assertThat(backend.getNamespace()).isNull();
    }

    @Test
    void crossNamespaceRouteLivesThereAndNamesTheServicesNamespace() {
        LiteLLMGateway gw = litellm();
        route(gw, "network");
        HTTPRoute r = dependent.desired(TestGateways.model(gw));

        assertThat(r.getMetadata().getNamespace()).isEqualTo("network");
        assertThat(r.getSpec().getRules().get(0).getBackendRefs().get(0).getNamespace()).isEqualTo("ai-system");
        assertThat(r.getSpec().getRules().get(0).getMatches().get(0).getPath().getValue()).isEqualTo("/");
    }

    @Test
    void routeNamespaceEqualToTheGatewaysIsNotCrossNamespace() {
        LiteLLMGateway gw = litellm();
        route(gw, "ai-system");
        HTTPRoute r = dependent.desired(TestGateways.model(gw));

        assertThat(r.getMetadata().getNamespace()).isEqualTo("ai-system");
        assertThat(r.getSpec().getRules().get(0).getBackendRefs().get(0).getNamespace()).isNull();
    }

    @Test
    void parentRefWithoutNamespaceOrSectionLeavesThemUnset() {
        LiteLLMGateway gw = litellm();
        var parent = route(gw, null).parentRefs.get(0);
        parent.namespace = null;
        parent.sectionName = null;
        ParentReference ref = dependent.desired(TestGateways.model(gw)).getSpec().getParentRefs().get(0);

        assertThat(ref.getNamespace()).isNull();
        assertThat(ref.getSectionName()).isNull();
    }

    @Test
    void deletedByTheOperatorNotGarbageCollected() {
        assertThat(dependent).isInstanceOf(Deleter.class).isNotInstanceOf(GarbageCollected.class);
        assertThat(dependent.addOwnerReference()).isFalse();
    }

    @Test
    void everyFieldExistsInTheUpstreamCrd() {
        LiteLLMGateway gw = litellm();
        route(gw, "network");
        CrdSchema schema = CrdSchema.load("httproutes.gateway.networking.k8s.io", "v1");

        assertThat(schema.problems(dependent.desired(TestGateways.model(gw)))).isEmpty();
    }

    @Test
    void enabledWithARoute() {
        LiteLLMGateway gw = litellm();
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
        route(gw, null);
        assertThat(dependent.enabled(TestGateways.model(gw))).isTrue();
    }
}
