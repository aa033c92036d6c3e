package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.ModelSpec;
import io.llmgw.api.v1alpha1.ValueSource;
import io.llmgw.it.support.Await;
import io.llmgw.it.support.FakeKubelet;
import io.llmgw.it.support.Gateways;
import io.llmgw.it.support.ItEnvironment;
import io.llmgw.model.Names;

/** Changes after convergence: exactly the objects that must change do, and hand edits are undone. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpecChangesIT {
    static final String NAME = "specs";
    static final String GATEWAY = Gateways.oneModel(NAME);
    static KubernetesClient client;
    static String ns;

    @BeforeAll
    static void convergedGateway() {
        ItEnvironment env = ItEnvironment.get();
        client = env.client();
        ns = env.controlPlane().createNamespace("specs");
        Gateways.providerSecret(client, ns, "openai", "api-key", "sk-first-value");
        Gateways.create(client, ns, GATEWAY);
        Await.until("Deployment " + NAME + " exists", Gateways.CONVERGE, () -> deployment() != null);
        FakeKubelet.markDeploymentAvailable(client, ns, NAME);
        Gateways.awaitCondition(client, ns, NAME, "Ready", "True");
    }

    @Test
    @Order(1)
    void addingAModelChangesTheConfigAndTheHashAndNothingElse() {
        Map<String, String> untouched = Gateways.versions(untouchedObjects());
        ConfigMap configBefore = configMap();
        Deployment before = deployment();
        String hashBefore = hash(before);

        Gateways.gateway(client, ns, NAME).edit(g -> {
            ModelSpec model = new ModelSpec();
            model.name = "gpt-4o";
            model.model = "openai/gpt-4o";
            model.apiKey = ValueSource.secret("openai", "api-key");
            g.getSpec().models.add(model);
            return g;
        });

        Deployment after = Await.until("the pod template's config hash changes", Gateways.CONVERGE, SpecChangesIT::deployment,
                d -> !hashBefore.equals(hash(d)));
        ConfigMap configAfter = configMap();
        System.out.println("config hash " + hashBefore + " -> " + hash(after));
        assertThat(configAfter.getData().get("config.yaml")).isNotEqualTo(configBefore.getData().get("config.yaml"))
                .contains("model_name: gpt-4o\n");
        assertThat(configAfter.getMetadata().getAnnotations()).containsEntry(Names.CONFIG_HASH_ANNOTATION, hash(after));
        assertThat(podSpec(after)).as("pod spec (only the template annotation may change)").isEqualTo(podSpec(before));
        assertThat(Gateways.versions(untouchedObjects())).as("Service, ServiceAccount and keys Secret not rewritten").isEqualTo(untouched);
        awaitRolloutReported();
        Await.until("a RollingOut Event naming the new config hash", Gateways.CONVERGE,
                () -> client.v1().events().inNamespace(ns).withField("involvedObject.name", NAME).list().getItems().stream()
                        .anyMatch(e -> "RollingOut".equals(e.getReason()) && e.getMessage().contains(hash(after))));
    }

    @Test
    @Order(2)
    void changingAReferencedSecretRollsThePods() {
        Map<String, String> untouched = Gateways.versions(untouchedObjects());
        String configBefore = configMap().getData().get("config.yaml");
        String hashBefore = hash(deployment());

        client.secrets().inNamespace(ns).withName("openai").edit(s -> {
            s.setData(null);
            s.setStringData(Map.of("api-key", "sk-rotated-value"));
            return s;
        });

        Deployment after = Await.until("a new config hash after the provider key rotation", Gateways.CONVERGE,
                SpecChangesIT::deployment, d -> !hashBefore.equals(hash(d)));
        System.out.println("config hash after the Secret changed: " + hashBefore + " -> " + hash(after));
        assertThat(configMap().getData().get("config.yaml")).as("config.yaml never holds the key itself").isEqualTo(configBefore)
                .doesNotContain("sk-rotated-value").doesNotContain("sk-first-value");
        assertThat(Gateways.versions(untouchedObjects())).isEqualTo(untouched);
        awaitRolloutReported();
    }

    @Test
    @Order(3)
    void aDeletedDeploymentIsRestored() {
        Deployment before = deployment();
        client.apps().deployments().inNamespace(ns).withName(NAME).delete();

        Deployment restored = Await.until("the Deployment is recreated", Gateways.CONVERGE, SpecChangesIT::deployment,
                d -> d != null && !d.getMetadata().getUid().equals(before.getMetadata().getUid()));
        assertThat(hash(restored)).isEqualTo(hash(before));
        assertThat(podSpec(restored)).isEqualTo(podSpec(before));
        Gateways.awaitCondition(client, ns, NAME, "Reconciling", "True");
        FakeKubelet.markDeploymentAvailable(client, ns, NAME);
        Gateways.awaitCondition(client, ns, NAME, "Ready", "True");
    }

    @Test
    @Order(4)
    void aHandEditedConfigMapIsRestoredAndForeignLabelsAreKept() {
        String original = configMap().getData().get("config.yaml");
        // As "kubectl edit" would: another field manager changes the operator's field and adds its own label.
        client.configMaps().inNamespace(ns).withName(NAME + "-config").edit(cm -> {
            cm.getData().put("config.yaml", "model_list: []  # edited by hand\n");
            cm.getMetadata().getLabels().put("team.example.com/owner", "platform");
            return cm;
        });

        ConfigMap restored = Await.until("config.yaml is restored", Gateways.CONVERGE, SpecChangesIT::configMap,
                cm -> original.equals(cm.getData().get("config.yaml")));
        assertThat(restored.getMetadata().getLabels()).as("a label the operator does not own survives (server-side apply)")
                .containsEntry("team.example.com/owner", "platform");
        assertThat(Gateways.gateway(client, ns, NAME).get()).matches(g -> Gateways.is(g, "Ready", "True"), "still Ready");
    }

    /**
     * Each edit of a burst is reconciled, the last one included: an edit that lands on the API server while a
     * reconcile is in flight comes back in the answer to that reconcile's status patch, and JOSDK 5.3 drops its watch
     * event as older than its own write (the operator asks for the reconcile itself). Several rounds of two quick edits,
     * because the loss needs the second edit to land inside a reconcile; each round must reach its last generation fast.
     */
    @Test
    @Order(5)
    void theLastEditOfABurstIsReconciled() {
        String burst = "burst";
        Gateways.create(client, ns, Gateways.oneModel(burst));
        Await.until("gateway " + burst + " reconciled", Gateways.CONVERGE, () -> Gateways.gateway(client, ns, burst).get(), Gateways::observedCurrent);
        Random random = new Random(7);
        for (int round = 1; round <= ROUNDS; round++) {
            setEnv(burst, "BURST_FIRST", round);
            Await.sleep(Duration.ofMillis(random.nextInt(120)));
            long last = setEnv(burst, "BURST_SECOND", round).getMetadata().getGeneration();
            int r = round;
            Await.until("round " + r + ": generation " + last + " observed", Duration.ofSeconds(15),
                    () -> Gateways.gateway(client, ns, burst).get(), g -> g.getStatus() != null && g.getStatus().observedGeneration != null
                            && g.getStatus().observedGeneration >= last);
        }
    }

    static final int ROUNDS = 25;

    private static LiteLLMGateway setEnv(String name, String variable, int value) {
        return Gateways.edit(client, ns, name, g -> {
            List<EnvVar> env = new ArrayList<>(g.getSpec().env == null ? List.of() : g.getSpec().env);
            env.removeIf(e -> e.getName().equals(variable));
            env.add(new EnvVar(variable, String.valueOf(value), null));
            g.getSpec().env = env;
            return g;
        });
    }

    /**
     * kstatus: while the new pod template rolls out the gateway is InProgress (Reconciling=True, Ready=False) for its
     * current generation, never Ready; once the Deployment controller (here the fake kubelet) reports the new
     * generation available, Ready=True again.
     */
    private static void awaitRolloutReported() {
        LiteLLMGateway rolling = Gateways.awaitCondition(client, ns, NAME, "Reconciling", "True");
        assertThat(Gateways.is(rolling, "Ready", "False")).as("not Ready while the new pods roll out").isTrue();
        FakeKubelet.markDeploymentAvailable(client, ns, NAME);
        Gateways.awaitCondition(client, ns, NAME, "Ready", "True");
    }

    private static List<HasMetadata> untouchedObjects() {
        return List.of(client.services().inNamespace(ns).withName(NAME).get(),
                client.serviceAccounts().inNamespace(ns).withName(NAME).get(),
                client.secrets().inNamespace(ns).withName(NAME + "-keys").get());
    }

    private static Deployment deployment() {
        return client.apps().deployments().inNamespace(ns).withName(NAME).get();
    }

    private static ConfigMap configMap() {
        return client.configMaps().inNamespace(ns).withName(NAME + "-config").get();
    }

    private static String hash(Deployment d) {
        return d == null ? null : d.getSpec().getTemplate().getMetadata().getAnnotations().get(Names.CONFIG_HASH_ANNOTATION);
    }

    private static PodSpec podSpec(Deployment d) {
        return d.getSpec().getTemplate().getSpec();
    }
}
