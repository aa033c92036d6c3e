package io.llmgw.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.llmgw.TestGateways;

/** Cross-namespace routes only where the operator setting opens the target namespace; route names never collide. */
class RouteTenancyTest {
    static final String ROUTE_TO = """
            models:
              - {name: a, model: openai/a}
            route:
              namespace: %s
              hostnames: ["*.example.com"]
              parentRefs: [{name: shared, namespace: %s}]
            """;

    static GatewayModel.Result build(String target, RoutePolicy policy) {
        return GatewayModel.build(TestGateways.gateway(ROUTE_TO.formatted(target, target)), SecretLookup.offline(), policy);
    }

    @Test
    void deniedByDefault() {
        var result = build("kube-system", RoutePolicy.parse(null));
        assertThat(result.problems()).extracting(p -> p.reason().wire()).containsExactly("RouteNamespaceNotAllowed");
        assertThat(result.problems().get(0).message()).contains("kube-system", RoutePolicy.PROPERTY);
        assertThat(build("kube-system", RoutePolicy.parse("network, gateways-*")).valid()).isFalse();
    }

    @Test
    void allowedWhereTheSettingOpensTheNamespace() {
        assertThat(build("network", RoutePolicy.parse("network,gateways-*")).valid()).isTrue();
        assertThat(build("gateways-eu", RoutePolicy.parse("network gateways-*")).valid()).isTrue();
        assertThat(build("anything", RoutePolicy.parse("*")).valid()).isTrue();
        assertThat(build("ns", RoutePolicy.NONE).valid()).as("the gateway's own namespace").isTrue();
        assertThat(build("networks", RoutePolicy.parse("network")).valid()).as("a name is not a prefix").isFalse();
    }

    @Test
    void aRouteNamespaceMustBeANamespaceName() {
        assertThat(build("Kube_System", RoutePolicy.ANY).problems()).extracting(p -> p.reason().wire()).containsExactly("InvalidSpec");
        assertThat(build("a".repeat(64), RoutePolicy.ANY).problems()).extracting(p -> p.reason().wire()).containsExactly("InvalidSpec");
    }

    @Test
    void routeNamesCarryTheSourceNamespaceAndStayShort() {
        assertThat(new Names("llm", "team-a").route()).isEqualTo("team-a.llm");
        assertThat(new Names("llm", "team-a").route()).isNotEqualTo(new Names("llm", "team-b").route());
        assertThat(new Names("b-c", "a").route()).isNotEqualTo(new Names("c", "a-b").route());
        String ns = "n".repeat(63);
        String longName = new Names("g".repeat(63), ns).route();
        assertThat(longName).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
        assertThat(longName).isNotEqualTo(new Names("g".repeat(62) + "h", ns).route());
        assertThat(new Names("x", "a".repeat(53) + "-b").route()).hasSizeLessThanOrEqualTo(63).doesNotContain("-.", ".-");
    }
}
