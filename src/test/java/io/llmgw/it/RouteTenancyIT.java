package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.llmgw.it.support.Await;
import io.llmgw.it.support.Gateways;
import io.llmgw.it.support.ItEnvironment;
import io.llmgw.model.Names;

/**
 * Tenancy of HTTPRoutes on the real API server: a gateway cannot put a route into a namespace the operator setting
 * does not open (the test operator opens {@code route-*}), two gateways of one name do not collide in a shared
 * namespace, and moving or removing the route deletes the old one (it has no owner reference to collect it).
 */
class RouteTenancyIT {
    static KubernetesClient client;
    static ItEnvironment env;

    static String gateway(String name, String routeNamespace) {
        return """
                apiVersion: llmgw.io/v1alpha1
                kind: LiteLLMGateway
                metadata:
                  name: %s
                spec:
                  models:
                    - {name: m, model: openai/m}
                  route:
                    namespace: %s
                    hostnames: ["*.example.com"]
                    parentRefs: [{name: shared, namespace: %s}]
                """.formatted(name, routeNamespace, routeNamespace);
    }

    @BeforeAll
    static void environment() {
        env = ItEnvironment.get();
        client = env.client();
    }

    /** Edits the gateway, again on a conflict with the operator's own writes (finalizer, status). */
    static void edit(String ns, java.util.function.UnaryOperator<io.llmgw.api.v1alpha1.LiteLLMGateway> change) {
        Await.until("the gateway is edited", Gateways.CONVERGE, () -> {
            Gateways.gateway(client, ns, "mover").edit(change);
            return true;
        });
    }

    static List<HTTPRoute> routes(String namespace) {
        return client.resources(HTTPRoute.class).inNamespace(namespace).list().getItems();
    }

    @Test
    void aRouteIntoANamespaceNotOpenedIsRefused() {
        String ns = env.controlPlane().createNamespace("tenant");
        String closed = env.controlPlane().createNamespace("closed");
        Gateways.create(client, ns, gateway("intruder", "kube-system"));
        Gateways.create(client, ns, gateway("neighbour", closed));
        Gateways.awaitCondition(client, ns, "intruder", "Stalled", "True", "RouteNamespaceNotAllowed");
        Gateways.awaitCondition(client, ns, "neighbour", "Stalled", "True", "RouteNamespaceNotAllowed");
        assertThat(routes("kube-system")).isEmpty();
        assertThat(routes(closed)).isEmpty();
        assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).as("nothing of a refused gateway is applied").isEmpty();
    }

    @Test
    void sameNamedGatewaysOfTwoNamespacesGetTwoRoutes() {
        String shared = env.controlPlane().createNamespace("route");
        String a = env.controlPlane().createNamespace("team-a");
        String b = env.controlPlane().createNamespace("team-b");
        Gateways.create(client, a, gateway("llm", shared));
        Gateways.create(client, b, gateway("llm", shared));
        Await.until("two HTTPRoutes in " + shared, Gateways.CONVERGE, () -> routes(shared).size() == 2);
        assertThat(routes(shared)).extracting(r -> r.getMetadata().getName())
                .containsExactlyInAnyOrder(new Names("llm", a).route(), new Names("llm", b).route());
        assertThat(routes(shared)).allSatisfy(r -> assertThat(r.getSpec().getRules().get(0).getBackendRefs().get(0).getNamespace())
                .isIn(a, b));
    }

    @Test
    void movingOrRemovingTheRouteDeletesTheOldOne() {
        String ns = env.controlPlane().createNamespace("mover");
        String first = env.controlPlane().createNamespace("route");
        String second = env.controlPlane().createNamespace("route");
        String route = new Names("mover", ns).route();
        Gateways.create(client, ns, gateway("mover", first));
        Await.until("HTTPRoute " + route + " in " + first, Gateways.CONVERGE, () -> routes(first).size() == 1);

        edit(ns, g -> {
            g.getSpec().route.namespace = second;
            g.getSpec().route.parentRefs.get(0).namespace = second;
            return g;
        });
        Await.until("the route moves from " + first + " to " + second, Gateways.CONVERGE,
                () -> routes(first).isEmpty() && routes(second).size() == 1);

        edit(ns, g -> {
            g.getSpec().route.namespace = null;
            return g;
        });
        Await.until("the route moves into the gateway's own namespace", Gateways.CONVERGE,
                () -> routes(second).isEmpty() && routes(ns).size() == 1);
        Await.until("the ReferenceGrant goes with the cross-namespace route", Gateways.CONVERGE, () -> client
                .resources(io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant.class).inNamespace(ns).list().getItems().isEmpty());

        edit(ns, g -> {
            g.getSpec().route = null;
            return g;
        });
        Await.until("removing spec.route deletes the HTTPRoute", Gateways.CONVERGE, () -> routes(ns).isEmpty());
        Gateways.awaitCondition(client, ns, "mover", "Stalled", "False");
        Await.sleep(Duration.ofSeconds(1));
        assertThat(routes(first)).isEmpty();
    }

}
