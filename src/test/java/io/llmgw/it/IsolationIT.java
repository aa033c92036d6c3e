package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.it.support.Await;
import io.llmgw.it.support.FakeKubelet;
import io.llmgw.it.support.Gateways;
import io.llmgw.it.support.ItEnvironment;
import io.llmgw.it.support.OperatorRunner;
import io.llmgw.model.ProxyEnvironment;
import io.llmgw.operator.GeneratedKeys;

/**
 * Nothing one gateway contains escapes its own reconcile: specs that throw while being built get a Stalled status
 * (and do not stop the operator from starting again), optional sections can be dropped and their objects go (the
 * delete path used to throw NullPointerException), deletion works for any spec, a broken patch of a Ready gateway
 * is reported at its generation, and generated keys are never silently regenerated.
 */
class IsolationIT {
    static ItEnvironment env;
    static KubernetesClient client;
    static String ns;
    static String routeNs;

    static final String MODELS = "  models: [{name: a, model: openai/gpt-4o-mini, apiKey: {secretKeyRef: {name: openai, key: api-key}}}]\n";

    @BeforeAll
    static void namespace() {
        env = ItEnvironment.get();
        client = env.client();
        ns = env.controlPlane().createNamespace("isolation");
        // A namespace the ITs' route policy opens (ItEnvironment.ROUTE_NAMESPACES).
        routeNs = env.controlPlane().createNamespace("route-isolation");
        Gateways.providerSecret(client, ns, "openai", "api-key", "sk-test");
    }

    private static LiteLLMGateway create(String name, String extraSpec) {
        return Gateways.create(client, ns, "apiVersion: llmgw.io/v1alpha1\nkind: LiteLLMGateway\nmetadata:\n  name: " + name
                + "\nspec:\n" + MODELS + extraSpec);
    }

    @Test
    void poisonPillsAreStalledAndTheOperatorStillStarts() {
        create("bad-tag", "  image: {tag: \"1.99999999999.0\"}\n");
        create("bad-cache", "  cache: {type: Dragonfly, dragonfly: {resources: {limits: {memory: abc}}}}\n");
        LiteLLMGateway cache = Gateways.awaitCondition(client, ns, "bad-cache", "Stalled", "True");
        assertThat(Gateways.observedCurrent(cache)).as("observedGeneration of bad-cache").isTrue();
        assertThat(Gateways.is(cache, "Ready", "False")).isTrue();
        // The image policy now compares versions as numbers of any size: this tag is judged, not thrown on.
        LiteLLMGateway tag = Gateways.awaitCondition(client, ns, "bad-tag", "ConfigValid", "True");
        assertThat(Gateways.observedCurrent(tag)).as("observedGeneration of bad-tag").isTrue();
        // These specs used to throw inside the gateway informer's indexer: at the next start the informer failed.
        OperatorRunner operator = env.operator();
        long mark = operator.writes().mark();
        operator.restart();
        create("after-restart", "");
        Await.until("a healthy gateway created after the restart is reconciled", Gateways.CONVERGE,
                () -> operator.reconciliations().succeededSince(mark).contains(ns + "/after-restart"));
        assertThat(Gateways.gateway(client, ns, "bad-tag").get().getStatus().observedGeneration).isNotNull();

        // Deletion works for a spec that never validated.
        Gateways.gateway(client, ns, "bad-tag").delete();
        Gateways.gateway(client, ns, "bad-cache").delete();
        Await.until("invalid gateways deleted", Gateways.CONVERGE,
                () -> Gateways.gateway(client, ns, "bad-tag").get() == null && Gateways.gateway(client, ns, "bad-cache").get() == null);
    }

    @Test
    void droppingOptionalSectionsDeletesTheirObjectsAndDeletionCompletes() {
        create("sections", """
                  availability: {podDisruptionBudget: {enabled: true, minAvailable: 1}}
                  observability: {prometheus: {enabled: true, alertRules: true, serviceMonitor: {enabled: true}}}
                  networkPolicy: {enabled: true}
                  route:
                    namespace: %s
                    hostnames: [llm.example.com]
                    parentRefs: [{name: external, namespace: %s}]
                """.formatted(routeNs, routeNs));
        Await.until("every optional object of 'sections' exists", Gateways.CONVERGE, () -> route() != null
                && client.policy().v1().podDisruptionBudget().inNamespace(ns).withName("sections").get() != null
                && client.resources(ServiceMonitor.class).inNamespace(ns).withName("sections").get() != null
                && client.services().inNamespace(ns).withName("sections-metrics").get() != null
                && client.resources(PrometheusRule.class).inNamespace(ns).withName("sections").get() != null
                && client.network().v1().networkPolicies().inNamespace(ns).withName("sections").get() != null);

        edit("sections", g -> {
            g.getSpec().availability = null;
            g.getSpec().observability = null;
            g.getSpec().networkPolicy = null;
            g.getSpec().route = null;
            return g;
        });
        Await.until("the objects of the dropped sections are deleted", Gateways.CONVERGE, () -> route() == null
                && client.resources(PodDisruptionBudget.class).inNamespace(ns).withName("sections").get() == null
                && client.resources(ServiceMonitor.class).inNamespace(ns).withName("sections").get() == null
                && client.services().inNamespace(ns).withName("sections-metrics").get() == null
                && client.resources(PrometheusRule.class).inNamespace(ns).withName("sections").get() == null
                && client.resources(NetworkPolicy.class).inNamespace(ns).withName("sections").get() == null);
        LiteLLMGateway g = Await.until("status of the new generation", Gateways.CONVERGE, () -> Gateways.gateway(client, ns, "sections").get(),
                Gateways::observedCurrent);
        assertThat(Gateways.is(g, "Stalled", "True")).as(Gateways.describe(g)).isFalse();

        Gateways.gateway(client, ns, "sections").delete();
        Await.until("gateway 'sections' deleted (finalizer released)", Gateways.CONVERGE,
                () -> Gateways.gateway(client, ns, "sections").get() == null);
    }

    @Test
    void aRouteOfASpecThatTurnedInvalidIsDeletedWithTheGateway() {
        create("invalid-later", """
                  route:
                    namespace: %s
                    hostnames: [later.example.com]
                    parentRefs: [{name: external, namespace: %s}]
                """.formatted(routeNs, routeNs));
        Await.until("HTTPRoute of 'invalid-later'", Gateways.CONVERGE,
                () -> client.resources(HTTPRoute.class).inNamespace(routeNs).withName(ns + ".invalid-later").get() != null);
        edit("invalid-later", g -> {
            g.getSpec().image = new io.llmgw.api.v1alpha1.ImageSpec();
            g.getSpec().image.tag = "1.82.7";
            return g;
        });
        Gateways.awaitCondition(client, ns, "invalid-later", "Stalled", "True");
        Gateways.gateway(client, ns, "invalid-later").delete();
        Await.until("gateway and its cross-namespace HTTPRoute deleted", Gateways.CONVERGE,
                () -> Gateways.gateway(client, ns, "invalid-later").get() == null
                        && client.resources(HTTPRoute.class).inNamespace(routeNs).withName(ns + ".invalid-later").get() == null);
    }

    @Test
    void anInvalidPatchOfAReadyGatewayIsReportedAtItsGeneration() {
        create("patched", "");
        Await.until("Deployment patched", Gateways.CONVERGE, () -> client.apps().deployments().inNamespace(ns).withName("patched").get() != null);
        FakeKubelet.markDeploymentAvailable(client, ns, "patched");
        Gateways.awaitCondition(client, ns, "patched", "Ready", "True");

        edit("patched", g -> {
            g.getSpec().resources = new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                    .withLimits(Map.of("memory", new io.fabric8.kubernetes.api.model.Quantity("lots"))).build();
            return g;
        });
        LiteLLMGateway g = Await.until("status of the invalid generation", Gateways.CONVERGE,
                () -> Gateways.gateway(client, ns, "patched").get(), Gateways::observedCurrent);
        assertThat(Gateways.is(g, "Ready", "False")).as(Gateways.describe(g)).isTrue();
        System.out.println("invalid memory limit on a Ready gateway: " + Gateways.describe(g));
    }

    @Test
    void aLostKeysSecretStopsTheGatewayInsteadOfGeneratingNewKeys() {
        create("keys", "");
        Await.until("keys Secret and Deployment of 'keys'", Gateways.CONVERGE, () -> keys("keys") != null
                && client.apps().deployments().inNamespace(ns).withName("keys").get() != null);
        FakeKubelet.markDeploymentAvailable(client, ns, "keys");
        LiteLLMGateway ready = Gateways.awaitCondition(client, ns, "keys", "Ready", "True");
        assertThat(ready.getStatus().generatedKeysSecret).isEqualTo("keys-keys");
        String template = client.apps().deployments().inNamespace(ns).withName("keys").get().getSpec().getTemplate().toString();

        client.secrets().inNamespace(ns).withName("keys-keys").delete();
        LiteLLMGateway stalled = Gateways.awaitCondition(client, ns, "keys", "Stalled", "True");
        assertThat(Gateways.is(stalled, "Stalled", "True", ConditionReason.KEYS_SECRET_MISSING.wire())).as(Gateways.describe(stalled)).isTrue();
        Await.sleep(Duration.ofSeconds(5));
        assertThat(keys("keys")).as("no new keys generated").isNull();
        assertThat(client.apps().deployments().inNamespace(ns).withName("keys").get().getSpec().getTemplate().toString())
                .as("pods not rolled").isEqualTo(template);

        // Knowingly rotating: the annotation lets the operator generate new keys.
        edit("keys", g -> {
            g.getMetadata().getAnnotations().put(GeneratedKeys.REGENERATE_ANNOTATION, "true");
            return g;
        });
        Await.until("new keys after " + GeneratedKeys.REGENERATE_ANNOTATION, Gateways.CONVERGE, () -> keys("keys") != null);
    }

    @Test
    void removingTheManagedByLabelDoesNotWedgeTheGateway() {
        create("unlabelled", "");
        Await.until("keys Secret and Deployment of 'unlabelled'", Gateways.CONVERGE, () -> keys("unlabelled") != null
                && client.apps().deployments().inNamespace(ns).withName("unlabelled").get() != null);
        FakeKubelet.markDeploymentAvailable(client, ns, "unlabelled");
        Gateways.awaitCondition(client, ns, "unlabelled", "Ready", "True");
        Map<String, String> data = keys("unlabelled").getData();

        for (var object : java.util.List.of(keys("unlabelled"), client.apps().deployments().inNamespace(ns).withName("unlabelled").get(),
                client.configMaps().inNamespace(ns).withName("unlabelled-config").get())) {
            client.resource(object).edit(o -> {
                o.getMetadata().getLabels().remove("app.kubernetes.io/managed-by");
                return o;
            });
        }
        // A spec change makes the operator apply everything again, also what its informers no longer see.
        edit("unlabelled", g -> {
            g.getSpec().replicas = 1;
            g.getSpec().workers = 2;
            return g;
        });
        Await.until("the managed-by label is back on the Deployment and the ConfigMap", Gateways.CONVERGE,
                () -> client.apps().deployments().inNamespace(ns).withName("unlabelled").get().getMetadata().getLabels()
                        .containsKey("app.kubernetes.io/managed-by")
                        && client.configMaps().inNamespace(ns).withName("unlabelled-config").get().getMetadata().getLabels()
                                .containsKey("app.kubernetes.io/managed-by"));
        assertThat(keys("unlabelled").getData()).as("keys unchanged").isEqualTo(data);
        FakeKubelet.markDeploymentAvailable(client, ns, "unlabelled");
        LiteLLMGateway g = Await.until("the new generation is reported without apply errors", Gateways.CONVERGE,
                () -> Gateways.gateway(client, ns, "unlabelled").get(),
                x -> Gateways.observedCurrent(x) && !Gateways.describe(x).contains("apply errors"));
        assertThat(Gateways.is(g, "Stalled", "True")).as(Gateways.describe(g)).isFalse();
    }

    @Test
    void keysThatExistBeforeTheGatewayAreKeptEvenWhereTheInformerCannotSeeThem() {
        // Of a type the Secret informer leaves out, so the operator's cache never holds it, as a cache that lags
        // behind would not: only the API server's 409 on the create-only apply tells the operator these keys exist.
        Map<String, String> data = Map.of(ProxyEnvironment.MASTER_KEY_KEY, "c2stcHJlZXhpc3Rpbmc=", ProxyEnvironment.SALT_KEY_KEY, "c2FsdA==");
        client.resource(new SecretBuilder().withNewMetadata().withName("preexisting-keys").withNamespace(ns).endMetadata()
                .withType("helm.sh/release.v1").withData(data).build()).create();
        create("preexisting", "");
        Await.until("Deployment of 'preexisting'", Gateways.CONVERGE,
                () -> client.apps().deployments().inNamespace(ns).withName("preexisting").get() != null);
        FakeKubelet.markDeploymentAvailable(client, ns, "preexisting");
        LiteLLMGateway ready = Gateways.awaitCondition(client, ns, "preexisting", "Ready", "True");
        assertThat(ready.getStatus().generatedKeysSecret).isEqualTo("preexisting-keys");
        assertThat(keys("preexisting").getData()).as("the existing keys, not new ones").isEqualTo(data);
        // A lagging cache catches up; this Secret never shows in it, so each reconcile asks the API server again.
        // Not left behind for SteadyStateIT, which counts the writes of every gateway in the shared environment.
        Gateways.gateway(client, ns, "preexisting").delete();
        Await.until("gateway 'preexisting' deleted", Gateways.CONVERGE, () -> Gateways.gateway(client, ns, "preexisting").get() == null);
        client.secrets().inNamespace(ns).withName("preexisting-keys").delete();
    }

    @Test
    void generatedKeysAreOwnedOnlyUnderDeletionPolicyDelete() {
        LiteLLMGateway g = create("policy", "  database: {deletionPolicy: Delete}\n");
        String uid = g.getMetadata().getUid();
        Await.until("keys Secret owned by the gateway", Gateways.CONVERGE, () -> keys("policy"),
                s -> s != null && s.getMetadata().getOwnerReferences().stream().anyMatch(r -> uid.equals(r.getUid())));
        edit("policy", x -> {
            x.getSpec().database.deletionPolicy = "Retain";
            return x;
        });
        Await.until("owner reference removed under Retain", Gateways.CONVERGE, () -> keys("policy"),
                s -> s != null && s.getMetadata().getOwnerReferences().stream().noneMatch(r -> uid.equals(r.getUid())));
        edit("policy", x -> {
            x.getSpec().database.deletionPolicy = "Delete";
            return x;
        });
        Await.until("owner reference back under Delete", Gateways.CONVERGE, () -> keys("policy"),
                s -> s != null && s.getMetadata().getOwnerReferences().stream().anyMatch(r -> uid.equals(r.getUid())));
    }

    private static void edit(String name, java.util.function.UnaryOperator<LiteLLMGateway> change) {
        Gateways.edit(client, ns, name, change);
    }

    private static Secret keys(String gateway) {
        return client.secrets().inNamespace(ns).withName(gateway + "-keys").get();
    }

    private static HTTPRoute route() {
        return client.resources(HTTPRoute.class).inNamespace(routeNs).withName(ns + ".sections").get();
    }
}
