package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.ModelSpec;
import io.llmgw.api.v1alpha1.ValueSource;
import io.llmgw.it.support.Await;
import io.llmgw.it.support.FakeKubelet;
import io.llmgw.it.support.Gateways;
import io.llmgw.it.support.ItEnvironment;
import io.llmgw.it.support.Kubectl;
import io.llmgw.it.support.Project;
import io.llmgw.model.Names;
import io.llmgw.operator.LiteLLMGatewayReconciler;

/**
 * examples/quickstart.yaml applied with the real kubectl to a real API server: the operator creates every object
 * with server-side apply, owner references and labels, and reports a kstatus status that kubectl prints.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuickstartIT {
    static final String NAME = "quickstart";
    static ItEnvironment env;
    static KubernetesClient client;
    static String ns;

    @BeforeAll
    static void applyQuickstart() {
        env = ItEnvironment.get();
        client = env.client();
        ns = env.controlPlane().createNamespace("quickstart");
        Gateways.providerSecret(client, ns, "openai", "api-key", "sk-test-not-a-real-key");
        System.out.println(Kubectl.run(env.controlPlane(), "apply", "-n", ns, "-f", Project.file("examples/quickstart.yaml").toString()).assertSuccess().output());
    }

    @Test
    @Order(1)
    void createsEveryObjectWithOwnershipLabelsAndServerSideApply() {
        LiteLLMGateway gateway = Gateways.gateway(client, ns, NAME).get();
        String uid = gateway.getMetadata().getUid();
        List<HasMetadata> owned = awaitObjects();
        String manager = env.operator().fieldManager();
        System.out.println("SSA field manager of the operator: " + manager);
        // JOSDK's default: the controller's name. Recorded here so a change of field manager (which orphans the
        // fields owned under the old name on every existing object) cannot happen unnoticed.
        assertThat(manager).isEqualTo(LiteLLMGatewayReconciler.NAME).isEqualTo("litellmgateway");

        for (HasMetadata object : owned) {
            String what = object.getKind() + " " + object.getMetadata().getName();
            assertThat(object.getMetadata().getLabels()).as(what + " labels")
                    .containsEntry("app.kubernetes.io/managed-by", Names.MANAGED_BY)
                    .containsEntry(Names.GATEWAY_LABEL, NAME);
            assertThat(object.getMetadata().getOwnerReferences()).as(what + " owner references")
                    .anySatisfy(ref -> {
                        assertThat(ref.getUid()).isEqualTo(uid);
                        assertThat(ref.getKind()).isEqualTo("LiteLLMGateway");
                        assertThat(ref.getApiVersion()).isEqualTo("llmgw.io/v1alpha1");
                    });
            assertAppliedBy(object, manager);
        }

        Secret keys = client.secrets().inNamespace(ns).withName(NAME + "-keys").get();
        assertThat(keys.getImmutable()).as("generated keys Secret is immutable").isTrue();
        assertThat(keys.getData()).containsOnlyKeys("master-key", "salt-key");
        assertThat(keys.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", Names.MANAGED_BY);
        // deletionPolicy Retain (the default): no owner reference, so it outlives the gateway; its gateway label maps
        // it back to the gateway instead.
        assertThat(keys.getMetadata().getOwnerReferences()).as("keys Secret owner references (Retain)").isNullOrEmpty();
        assertThat(keys.getMetadata().getLabels()).containsEntry(Names.GATEWAY_LABEL, NAME);
        assertAppliedBy(keys, manager);
    }

    @Test
    @Order(2)
    void reconcilingUntilTheDeploymentIsAvailableThenReady() {
        LiteLLMGateway gateway = Gateways.awaitCondition(client, ns, NAME, "Reconciling", "True");
        System.out.println("before the fake kubelet: " + Gateways.describe(gateway));
        assertThat(gateway.getStatus().observedGeneration).isEqualTo(gateway.getMetadata().getGeneration());
        assertThat(Gateways.is(gateway, "Ready", "False")).as("Ready=False while rolling out").isTrue();
        assertThat(Gateways.is(gateway, "Stalled", "False")).as("Stalled=False while rolling out").isTrue();
        assertThat(Gateways.is(gateway, "DeploymentAvailable", "False")).isTrue();

        FakeKubelet.markDeploymentAvailable(client, ns, NAME);

        LiteLLMGateway ready = Gateways.awaitCondition(client, ns, NAME, "Ready", "True");
        System.out.println("after the fake kubelet: " + Gateways.describe(ready));
        assertThat(Gateways.is(ready, "Stalled", "False")).isTrue();
        assertThat(Gateways.is(ready, "Reconciling", "False")).isTrue();
        assertThat(ready.getStatus().url).isEqualTo("http://quickstart." + ns + ".svc:4000");
        assertThat(client.apps().deployments().inNamespace(ns).withName(NAME).get().getMetadata().getGeneration())
                .as("the Deployment rolled out once at creation (no second apply when the generated keys appeared)").isEqualTo(1L);

        // One pass: the generated keys exist before the config hash is computed, so every object is written once and
        // the first rollout is no "RollingOut".
        List<String> writes = env.operator().writes().all().stream().map(String::valueOf).filter(w -> w.contains("/namespaces/" + ns + "/"))
                .toList();
        System.out.println("operator writes for the quickstart:\n  " + String.join("\n  ", writes));
        assertThat(writes).as("writes of the keys Secret").filteredOn(w -> w.contains("/secrets/" + NAME + "-keys")).hasSize(1);
        assertThat(writes).as("writes of the ConfigMap").filteredOn(w -> w.contains("/configmaps/" + NAME + "-config")).hasSize(1);
        assertThat(writes).as("writes of the Deployment").filteredOn(w -> w.contains("/deployments/" + NAME + "?")).hasSize(1);
        assertThat(client.v1().events().inNamespace(ns).list().getItems()).extracting(e -> e.getReason())
                .contains("Created", "Ready").doesNotContain("RollingOut");
        assertThat(ready.getStatus().conditions).allSatisfy(c -> {
            assertThat(c.getReason()).as(c.getType() + " reason").isNotBlank();
            assertThat(c.getLastTransitionTime()).as(c.getType() + " lastTransitionTime").isNotBlank();
            assertThat(c.getObservedGeneration()).as(c.getType() + " observedGeneration").isEqualTo(ready.getMetadata().getGeneration());
        });
    }

    @Test
    @Order(3)
    void kubectlPrintsTheStatusColumns() {
        Gateways.awaitCondition(client, ns, NAME, "Ready", "True");
        String table = Kubectl.run(env.controlPlane(), "get", "llmgw", "-n", ns).assertSuccess().output();
        System.out.println("kubectl get llmgw -n " + ns + "\n" + table);
        Map<String, String> row = row(table, NAME);
        assertThat(row).containsEntry("READY", "True")
                .containsEntry("MODELS", "1")
                .containsEntry("DATABASE", "none")
                .containsEntry("CACHE", "none")
                .containsEntry("URL", "http://quickstart." + ns + ".svc:4000");
    }

    @Test
    @Order(4)
    void generatedKeysNeverChangeOnLaterReconciles() {
        Secret before = client.secrets().inNamespace(ns).withName(NAME + "-keys").get();
        Deployment deploymentBefore = client.apps().deployments().inNamespace(ns).withName(NAME).get();
        String hashBefore = deploymentBefore.getSpec().getTemplate().getMetadata().getAnnotations().get(Names.CONFIG_HASH_ANNOTATION);

        LiteLLMGateway edited = Gateways.gateway(client, ns, NAME).edit(g -> {
            ModelSpec model = new ModelSpec();
            model.name = "gpt-4o";
            model.model = "openai/gpt-4o";
            model.apiKey = ValueSource.secret("openai", "api-key");
            g.getSpec().models.add(model);
            return g;
        });
        long generation = edited.getMetadata().getGeneration();
        Await.until("the Deployment rolls to the new config", Gateways.CONVERGE,
                () -> client.apps().deployments().inNamespace(ns).withName(NAME).get(),
                d -> !hashBefore.equals(d.getSpec().getTemplate().getMetadata().getAnnotations().get(Names.CONFIG_HASH_ANNOTATION)));
        Await.until("status observes generation " + generation, Gateways.CONVERGE, () -> Gateways.gateway(client, ns, NAME).get(),
                Gateways::observedCurrent);

        Secret after = client.secrets().inNamespace(ns).withName(NAME + "-keys").get();
        assertThat(after.getData()).as("generated master and salt keys").isEqualTo(before.getData());
        assertThat(after.getMetadata().getResourceVersion()).as("keys Secret never rewritten")
                .isEqualTo(before.getMetadata().getResourceVersion());
    }

    private static List<HasMetadata> awaitObjects() {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(Await.until("ServiceAccount " + NAME, Gateways.CONVERGE,
                () -> client.serviceAccounts().inNamespace(ns).withName(NAME).get(), o -> o != null));
        objects.add(Await.until("ConfigMap " + NAME + "-config", Gateways.CONVERGE,
                () -> client.configMaps().inNamespace(ns).withName(NAME + "-config").get(), o -> o != null));
        objects.add(Await.until("Deployment " + NAME, Gateways.CONVERGE,
                () -> client.apps().deployments().inNamespace(ns).withName(NAME).get(), o -> o != null));
        objects.add(Await.until("Service " + NAME, Gateways.CONVERGE,
                () -> client.services().inNamespace(ns).withName(NAME).get(), o -> o != null));
        Await.until("Secret " + NAME + "-keys", Gateways.CONVERGE, () -> client.secrets().inNamespace(ns).withName(NAME + "-keys").get(),
                o -> o != null);
        return objects;
    }

    static void assertAppliedBy(HasMetadata object, String manager) {
        List<ManagedFieldsEntry> entries = object.getMetadata().getManagedFields();
        assertThat(entries).as(object.getKind() + " " + object.getMetadata().getName() + " managedFields")
                .anySatisfy(e -> {
                    assertThat(e.getManager()).isEqualTo(manager);
                    assertThat(e.getOperation()).isEqualTo("Apply");
                });
    }

    /** One row of kubectl's table output, by column header. */
    static Map<String, String> row(String table, String name) {
        String[] lines = table.strip().split("\n");
        String[] headers = lines[0].trim().split("\\s+");
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].trim().split("\\s+");
            if (cells[0].equals(name)) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int c = 0; c < headers.length && c < cells.length; c++) {
                    row.put(headers[c], cells[c]);
                }
                return row;
            }
        }
        throw new AssertionError("no row for " + name + " in:\n" + table);
    }
}
