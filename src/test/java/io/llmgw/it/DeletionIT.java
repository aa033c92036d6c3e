package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.it.support.Await;
import io.llmgw.it.support.Gateways;
import io.llmgw.it.support.ItEnvironment;

/**
 * Deleting a gateway with a real garbage collector (kube-controller-manager running only the garbage-collector and
 * namespace controllers): owned objects go; the generated keys Secret stays under deletionPolicy Retain (the
 * default) and goes under Delete.
 */
class DeletionIT {
    static final Duration GC = Duration.ofSeconds(90);
    static ItEnvironment env;
    static KubernetesClient client;
    static String ns;

    @BeforeAll
    static void garbageCollector() {
        env = ItEnvironment.get();
        client = env.client();
        env.controlPlane().startControllerManager();
        ns = env.controlPlane().createNamespace("deletion");
        Gateways.providerSecret(client, ns, "openai", "api-key", "sk-test");
    }

    @AfterAll
    static void stopGarbageCollector() {
        env.controlPlane().stopControllerManager();
    }

    @Test
    void retainKeepsTheGeneratedKeysAndGarbageCollectsTheRest() {
        LiteLLMGateway gateway = createAndAwaitObjects("retained", "");
        Secret keys = keys("retained").get();
        assertThat(keys.getMetadata().getOwnerReferences()).isNullOrEmpty();

        Gateways.gateway(client, ns, "retained").delete();
        awaitGone(gateway, "retained");

        Secret kept = keys("retained").get();
        assertThat(kept).as("keys Secret retained after the gateway is gone").isNotNull();
        assertThat(kept.getData()).isEqualTo(keys.getData());
        System.out.println("deletionPolicy Retain: owned objects collected, Secret " + kept.getMetadata().getName() + " kept");
    }

    @Test
    void deleteAlsoRemovesTheGeneratedKeys() {
        LiteLLMGateway gateway = createAndAwaitObjects("deleted", "  database: {deletionPolicy: Delete}\n");
        assertThat(keys("deleted").get().getMetadata().getOwnerReferences()).as("keys Secret owned under deletionPolicy Delete")
                .anyMatch(r -> r.getUid().equals(gateway.getMetadata().getUid()));

        Gateways.gateway(client, ns, "deleted").delete();
        awaitGone(gateway, "deleted");
        Await.until("keys Secret deleted-keys is garbage collected", GC, () -> keys("deleted").get() == null);
        System.out.println("deletionPolicy Delete: keys Secret collected too");
    }

    private static LiteLLMGateway createAndAwaitObjects(String name, String extraSpec) {
        Gateways.create(client, ns, "apiVersion: llmgw.io/v1alpha1\nkind: LiteLLMGateway\nmetadata:\n  name: " + name + "\nspec:\n"
                + "  models: [{name: a, model: openai/gpt-4o-mini, apiKey: {secretKeyRef: {name: openai, key: api-key}}}]\n" + extraSpec);
        Await.until("every object of " + name + " exists", Gateways.CONVERGE, () -> missing(name), List::isEmpty,
                m -> "missing " + m + "; gateway " + Gateways.describe(Gateways.gateway(client, ns, name).get()));
        return Gateways.gateway(client, ns, name).get();
    }

    private static void awaitGone(LiteLLMGateway gateway, String name) {
        Await.until("the operator's finalizer is removed and " + name + " is gone", Gateways.CONVERGE,
                () -> Gateways.gateway(client, ns, name).get() == null);
        Await.until("the garbage collector deletes the ServiceAccount, ConfigMap, Deployment and Service of " + name, GC,
                () -> owned(name).stream().allMatch(s -> s.get() == null));
    }

    private static List<String> missing(String name) {
        List<String> missing = new java.util.ArrayList<>();
        owned(name).stream().map(Supplier::get).filter(java.util.Objects::isNull).forEach(o -> missing.add("an owned object"));
        List<String> kinds = List.of("ServiceAccount", "ConfigMap", "Deployment", "Service");
        for (int i = 0; i < kinds.size(); i++) {
            if (owned(name).get(i).get() == null) {
                missing.set(missing.indexOf("an owned object"), kinds.get(i));
            }
        }
        if (keys(name).get() == null) {
            missing.add("keys Secret");
        }
        return missing;
    }

    private static List<Supplier<HasMetadata>> owned(String name) {
        return List.of(() -> client.serviceAccounts().inNamespace(ns).withName(name).get(),
                () -> client.configMaps().inNamespace(ns).withName(name + "-config").get(),
                () -> client.apps().deployments().inNamespace(ns).withName(name).get(),
                () -> client.services().inNamespace(ns).withName(name).get());
    }

    private static io.fabric8.kubernetes.client.dsl.Resource<Secret> keys(String name) {
        return client.secrets().inNamespace(ns).withName(name + "-keys");
    }
}
