package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.cli.Render;
import io.llmgw.it.support.Await;
import io.llmgw.it.support.ExampleGateway;
import io.llmgw.it.support.Gateways;
import io.llmgw.it.support.ItEnvironment;
import io.llmgw.it.support.Project;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Names;
import io.llmgw.model.SecretLookup;
import io.llmgw.operator.dependent.CiliumNetworkPolicyDependent;

/**
 * Every example gateway on the real API server with every upstream CRD installed: the operator creates every
 * object the offline render lists (CloudNativePG, Cilium, Gateway API and Prometheus Operator kinds included),
 * with its labels, ownership and server-side apply field manager; the server accepts each of them under its
 * real schema with strict field validation (no unknown or dropped field); and with the test doubles standing in
 * for CloudNativePG, the kubelet and the Gateway controller, the gateway becomes Ready.
 */
class ExamplesIT {
    static ItEnvironment env;
    static KubernetesClient client;

    @BeforeAll
    static void environment() {
        env = ItEnvironment.get();
        client = env.client();
    }

    static Stream<String> examples() throws IOException {
        try (Stream<Path> files = Files.list(Project.file("examples"))) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyRenderedObjectIsCreatedAcceptedStrictlyAndTheGatewayBecomesReady(String file) {
        ExampleGateway example = ExampleGateway.apply(env, file);
        String ns = example.namespace();
        String name = example.name();
        GatewayModel model = example.model();

        List<HasMetadata> expected = Render.objects(model);
        LiteLLMGateway ready = Await.until(file + " Ready=True (test doubles for CNPG, kubelet, Gateway controller)", Gateways.CONVERGE,
                () -> {
                    example.driveTestDoubles();
                    return example.get();
                }, g -> Gateways.observedCurrent(g) && Gateways.is(g, "Ready", "True"), Gateways::describe);
        System.out.printf("%s: %d objects, %s%n", file, expected.size(), Gateways.describe(ready));

        String uid = ready.getMetadata().getUid();
        for (HasMetadata desired : expected) {
            GenericKubernetesResource live = live(desired);
            String id = desired.getKind() + " " + desired.getMetadata().getNamespace() + "/" + desired.getMetadata().getName();
            assertThat(live).as(id + " exists").isNotNull();
            assertThat(live.getMetadata().getLabels()).as(id + " labels").containsEntry("app.kubernetes.io/managed-by", Names.MANAGED_BY)
                    .containsEntry(Names.GATEWAY_LABEL, name);
            assertThat(live.getMetadata().getManagedFields()).as(id + " applied by the operator with server-side apply")
                    .anyMatch(f -> env.operator().fieldManager().equals(f.getManager()) && "Apply".equals(f.getOperation()));
            boolean owned = live.getMetadata().getOwnerReferences() != null
                    && live.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid()));
            boolean retained = model.retainData() && (desired.getKind().equals("Cluster") || desired.getMetadata().getName().equals(model.names().keysSecret()));
            boolean otherNamespace = !ns.equals(desired.getMetadata().getNamespace());
            assertThat(owned).as(id + (retained || otherNamespace ? " has no owner reference (retained or in another namespace)"
                    : " is owned by the gateway")).isEqualTo(!retained && !otherNamespace);
            if (!(desired instanceof Secret)) {
                // Strict: the server refuses (instead of dropping) any field its schema does not know.
                client.resource(desired).dryRun().fieldValidation(FieldValidateable.Validation.STRICT).fieldManager("strict-check")
                        .forceConflicts().serverSideApply();
            }
        }
        if (model.ciliumPolicyEnabled()) {
            // The policy the operator applied holds what it derived from the Secrets it read (the alert webhook's
            // host, api_bases), which the offline render cannot show: the same as the model built with them.
            GatewayModel withSecrets = GatewayModel.build(ready, SecretLookup.of(n -> client.secrets().inNamespace(ns).withName(n).get())).model();
            var derived = new CiliumNetworkPolicyDependent().desired(withSecrets);
            GenericKubernetesResource live = live(derived);
            assertThat(live.getAdditionalProperties().get("spec")).as(file + " CiliumNetworkPolicy from the Secrets' hosts")
                    .isEqualTo(derived.getAdditionalProperties().get("spec"));
            if (model.spec().observability != null && model.spec().observability.alerting != null) {
                assertThat(String.valueOf(live.getAdditionalProperties().get("spec"))).as(file + " allows the alert webhook")
                        .contains("hooks.slack.com");
            }
        }
        // Other classes share this API server (MissingCrdIT removes CRDs, SteadyStateIT counts writes): leave no
        // gateway behind that they would see reconcile.
        Gateways.gateway(client, ns, name).delete();
        Await.until(file + " deleted (finalizer removed by the operator)", Gateways.CONVERGE, () -> Gateways.gateway(client, ns, name).get() == null);
    }

    private static GenericKubernetesResource live(HasMetadata desired) {
        return client.genericKubernetesResources(desired.getApiVersion(), desired.getKind())
                .inNamespace(desired.getMetadata().getNamespace()).withName(desired.getMetadata().getName()).get();
    }
}
