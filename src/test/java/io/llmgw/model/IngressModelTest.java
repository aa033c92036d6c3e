package io.llmgw.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.llmgw.TestGateways;

/** spec.ingress in the model: the external URL it gives, the checks repeated offline, the NetworkPolicy warning. */
class IngressModelTest {
    private static final String INGRESS = TestGateways.ONE_MODEL + """
            ingress:
              hosts: [llm.example.com, llm.example.org]
            """;

    @Test
    void externalUrlIsHttpsOnlyWhenATlsEntryCoversTheFirstHost() {
        assertThat(TestGateways.model(INGRESS).externalUrl()).isEqualTo("http://llm.example.com");
        assertThat(TestGateways.model(INGRESS + "  tls: [{secretName: org, hosts: [llm.example.org]}]\n").externalUrl())
                .isEqualTo("http://llm.example.com");
        assertThat(TestGateways.model(INGRESS + "  tls: [{secretName: com, hosts: [llm.example.com]}]\n").externalUrl())
                .isEqualTo("https://llm.example.com");
    }

    @Test
    void theRouteAndThenProxyBaseUrlWinOverTheIngress() {
        String both = INGRESS + """
                route:
                  hostnames: [route.example.com]
                  parentRefs: [{name: envoy, namespace: network}]
                """;
        assertThat(TestGateways.model(both).externalUrl()).isEqualTo("https://route.example.com");
        GatewayModel sso = TestGateways.model(INGRESS + "  tls: [{hosts: [llm.example.com]}]\n" + """
                sso: {issuerUrl: "https://sso.example.com/realms/a", clientId: c, clientSecretRef: {name: s, key: k}}
                """);
        assertThat(sso.externalUrl()).isEqualTo("https://llm.example.com");
        assertThat(sso.proxyEnv()).anyMatch(v -> "PROXY_BASE_URL".equals(v.getName()) && "https://llm.example.com".equals(v.getValue()));
    }

    @Test
    void hostsAndTlsHostsAreCheckedOfflineToo() {
        assertThat(GatewayModelValidationTest.problems(TestGateways.ONE_MODEL + """
                ingress:
                  hosts: [llm.example.com, llm.example.com, "*.example.com", 10.0.0.1]
                  tls: [{secretName: t, hosts: [other.example.com]}, {secretName: u, hosts: []}]
                """)).extracting(Problem::message).containsExactlyInAnyOrder(
                "spec.ingress.hosts lists llm.example.com twice",
                "spec.ingress.hosts: \"*.example.com\" is not a lowercase DNS name (no wildcard, no IP address)",
                "spec.ingress.hosts: \"10.0.0.1\" is not a lowercase DNS name (no wildcard, no IP address)",
                "spec.ingress.tls[0] covers \"other.example.com\", which is not one of spec.ingress.hosts",
                "spec.ingress.tls[1].hosts must list at least one host");
        assertThat(GatewayModelValidationTest.problems(TestGateways.ONE_MODEL + "ingress: {hosts: []}\n"))
                .extracting(Problem::message).containsExactly("spec.ingress.hosts must list at least one host");
        assertThat(GatewayModelValidationTest.problems(INGRESS + "  tls: [{hosts: [llm.example.org]}]\n")).isEmpty();
    }

    @Test
    void aNetworkPolicyThatAdmitsNoIngressControllerIsWarnedAbout() {
        String policy = INGRESS.replace("ingress:\n", "networkPolicy: {enabled: true}\ningress:\n");
        String warning = "the NetworkPolicy admits no ingress controller";
        assertThat(TestGateways.model(policy).warnings()).anyMatch(w -> w.startsWith(warning));
        assertThat(TestGateways.model(policy + "  controllerNamespace: ingress-nginx\n").warnings()).noneMatch(w -> w.startsWith(warning));
        assertThat(TestGateways.model(policy.replace("{enabled: true}", "{enabled: true, ingressNamespaces: [ingress-nginx]}")).warnings())
                .noneMatch(w -> w.startsWith(warning));
        assertThat(TestGateways.model(policy.replace("{enabled: true}", "{enabled: true, ingressFrom: [{namespace: ingress-nginx}]}")).warnings())
                .noneMatch(w -> w.startsWith(warning));
        assertThat(TestGateways.model(INGRESS).warnings()).noneMatch(w -> w.startsWith(warning));
    }
}
