package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.it.support.Await;
import io.llmgw.it.support.Gateways;
import io.llmgw.it.support.ItEnvironment;

/**
 * spec.ingress on the real API server: the Ingress it accepts (the Service port named as the Service names it),
 * the external URL following its TLS, the ingress controller admitted by the NetworkPolicy, the section living
 * beside a route, and dropping it deleting the Ingress; and the CRD's checks on hosts at apply time.
 */
class IngressIT {
    static KubernetesClient client;
    static ItEnvironment env;

    static final String GATEWAY = """
            apiVersion: llmgw.io/v1alpha1
            kind: LiteLLMGateway
            metadata:
              name: %s
            spec:
              models:
                - {name: m, model: openai/m}
              networkPolicy: {enabled: true}
              ingress:
                className: nginx
                hosts: [llm.example.com, llm.example.org]
                path: /v1
                tls: [{secretName: llm-tls, hosts: [llm.example.com]}]
                annotations: {cert-manager.io/cluster-issuer: letsencrypt}
                controllerNamespace: ingress-nginx
                controllerPodLabels: {app.kubernetes.io/name: ingress-nginx}
            """;

    @BeforeAll
    static void environment() {
        env = ItEnvironment.get();
        client = env.client();
    }

    static Ingress ingress(String ns, String name) {
        return client.network().v1().ingresses().inNamespace(ns).withName(name).get();
    }

    static String externalUrl(String ns, String name) {
        LiteLLMGateway g = Gateways.gateway(client, ns, name).get();
        return g == null || g.getStatus() == null ? null : g.getStatus().externalUrl;
    }

    /** Edits the gateway, again on a conflict with the operator's own writes (finalizer, status). */
    static void edit(String ns, String name, UnaryOperator<LiteLLMGateway> change) {
        Await.until("the gateway is edited", Gateways.CONVERGE, () -> {
            Gateways.gateway(client, ns, name).edit(change);
            return true;
        });
    }

    @Test
    void theIngressReachesTheServiceFollowsItsTlsAndGoesWithTheSection() {
        String ns = env.controlPlane().createNamespace("ingress");
        Gateways.create(client, ns, GATEWAY.formatted("llm"));

        Ingress ingress = Await.until("Ingress llm in " + ns, Gateways.CONVERGE, () -> ingress(ns, "llm"), i -> i != null);
        Service service = Await.until("Service llm in " + ns, Gateways.CONVERGE,
                () -> client.services().inNamespace(ns).withName("llm").get(), s -> s != null);
        assertThat(ingress.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("LiteLLMGateway"));
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getRules()).extracting(r -> r.getHost()).containsExactly("llm.example.com", "llm.example.org");
        assertThat(ingress.getSpec().getRules()).allSatisfy(rule -> {
            var path = rule.getHttp().getPaths().get(0);
            assertThat(path.getPath()).isEqualTo("/v1");
            assertThat(path.getPathType()).isEqualTo("Prefix");
            assertThat(path.getBackend().getService().getName()).isEqualTo(service.getMetadata().getName());
            assertThat(service.getSpec().getPorts()).anySatisfy(p -> {
                assertThat(p.getName()).isEqualTo(path.getBackend().getService().getPort().getName());
                assertThat(p.getPort()).isEqualTo(4000);
            });
        });
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(t -> {
            assertThat(t.getSecretName()).isEqualTo("llm-tls");
            assertThat(t.getHosts()).containsExactly("llm.example.com");
        });
        Await.until("status.externalUrl is the first host over https", Gateways.CONVERGE, () -> externalUrl(ns, "llm"),
                "https://llm.example.com"::equals);

        NetworkPolicy policy = Await.until("NetworkPolicy llm admits the ingress controller", Gateways.CONVERGE,
                () -> client.network().v1().networkPolicies().inNamespace(ns).withName("llm").get(),
                p -> p != null && controllerPeer(p) != null);
        assertThat(controllerPeer(policy).getPodSelector().getMatchLabels()).isEqualTo(Map.of("app.kubernetes.io/name", "ingress-nginx"));

        edit(ns, "llm", g -> {
            g.getSpec().ingress.tls = null;
            return g;
        });
        Await.until("without tls the Ingress has none and the URL is http", Gateways.CONVERGE,
                () -> ingress(ns, "llm"), i -> i != null && (i.getSpec().getTls() == null || i.getSpec().getTls().isEmpty())
                        && "http://llm.example.com".equals(externalUrl(ns, "llm")));

        edit(ns, "llm", g -> {
            g.getSpec().ingress = null;
            return g;
        });
        Await.until("removing spec.ingress deletes the Ingress", Gateways.CONVERGE, () -> ingress(ns, "llm"), i -> i == null);
        Await.until("and the NetworkPolicy no longer admits the controller", Gateways.CONVERGE,
                () -> client.network().v1().networkPolicies().inNamespace(ns).withName("llm").get(), p -> p != null && controllerPeer(p) == null);
        Await.until("and no external URL is reported", Gateways.CONVERGE, () -> Gateways.gateway(client, ns, "llm").get(),
                g -> Gateways.observedCurrent(g) && g.getStatus().externalUrl == null);
    }

    @Test
    void aRouteAndAnIngressLiveSideBySideAndTheRouteGivesTheUrl() {
        String ns = env.controlPlane().createNamespace("ingress");
        Gateways.create(client, ns, GATEWAY.formatted("both") + """
                  route:
                    hostnames: [route.example.com]
                    parentRefs: [{name: shared}]
                """);
        Await.until("HTTPRoute and Ingress of the gateway", Gateways.CONVERGE,
                () -> client.resources(HTTPRoute.class).inNamespace(ns).list().getItems().size() == 1 && ingress(ns, "both") != null);
        Await.until("status.externalUrl from the route", Gateways.CONVERGE, () -> externalUrl(ns, "both"), "https://route.example.com"::equals);
    }

    static NetworkPolicyPeer controllerPeer(NetworkPolicy policy) {
        return policy.getSpec().getIngress().get(0).getFrom().stream()
                .filter(p -> p.getNamespaceSelector() != null
                        && "ingress-nginx".equals(p.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")))
                .findFirst().orElse(null);
    }

    static Stream<Arguments> refusedByTheApiServer() {
        return Stream.of(
                Arguments.of("duplicate hosts (CEL)", "hosts: [a.example.com, a.example.com]", "ingress hosts must be unique"),
                Arguments.of("tls host not among the hosts (CEL)", "hosts: [a.example.com]\n    tls: [{hosts: [b.example.com]}]",
                        "every ingress tls host must be one of spec.ingress.hosts"),
                Arguments.of("an IP address as host (pattern)", "hosts: [10.0.0.1]", "spec.ingress.hosts[0]: Invalid value"),
                Arguments.of("a wildcard host (pattern)", "hosts: [\"*.example.com\"]", "spec.ingress.hosts[0]: Invalid value"),
                Arguments.of("no hosts (minItems)", "hosts: []", "spec.ingress.hosts: Invalid value"),
                Arguments.of("a path that is no plain prefix (pattern)", "hosts: [a.example.com]\n    path: /v1/(.*)",
                        "spec.ingress.path: Invalid value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void refusedByTheApiServer(String what, String ingress, String expected) {
        String ns = env.controlPlane().createNamespace("ingress");
        String yaml = "apiVersion: llmgw.io/v1alpha1\nkind: LiteLLMGateway\nmetadata:\n  name: refused\n  namespace: " + ns
                + "\nspec:\n  models: [{name: m, model: openai/m}]\n  ingress:\n    " + ingress + "\n";
        // Sent as a generic object: exactly what a user's YAML says, no Java defaults added.
        GenericKubernetesResource gateway = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
        KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class, () -> client.resource(gateway).create());
        assertThat(e).as(what + ": the API server must refuse it").isNotNull();
        String message = e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage();
        assertThat(e.getCode()).isEqualTo(422);
        assertThat(message).contains(expected);
        assertThat(Gateways.gateway(client, ns, "refused").get()).isNull();
    }
}
