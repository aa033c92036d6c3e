package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.it.support.Await;
import io.llmgw.it.support.FakeKubelet;
import io.llmgw.it.support.Gateways;
import io.llmgw.it.support.ItEnvironment;

/**
 * An error the reconcile does not expect still reaches the gateway's status (JOSDK's error status hook): here the
 * API server refuses the last-good snapshot the operator writes once a generation is Ready (a
 * ValidatingAdmissionPolicy stands in for a policy engine or a quota). The gateway says Ready=False and
 * Reconciling=True with ReconcileError and the API server's answer, written by the operator's own field manager
 * like every other status; once the write is allowed again, the retry makes it Ready.
 */
class ErrorStatusIT {
    private static final String NAME = "errors";

    @Test
    void aRefusedWriteIsReportedAsReconcileErrorAndRetriedUntilReady() {
        ItEnvironment env = ItEnvironment.get();
        KubernetesClient client = env.client();
        String ns = env.controlPlane().createNamespace("errors");
        String policy = "llmgw-it-refuse-last-good-" + ns;
        client.resource(refuseLastGood(client, policy)).create();
        client.resource(binding(client, policy, ns)).create();
        try {
            Await.until("the policy refuses a ConfigMap named *-last-good in " + ns, Gateways.CONVERGE, () -> refused(client, ns));
            Gateways.providerSecret(client, ns, "openai", "api-key", "sk-error-status");
            Gateways.create(client, ns, Gateways.oneModel(NAME));
            Await.until("Deployment " + NAME + " exists", Gateways.CONVERGE,
                    () -> client.resources(Deployment.class).inNamespace(ns).withName(NAME).get() != null);
            FakeKubelet.markDeploymentAvailable(client, ns, NAME);

            LiteLLMGateway failed = Gateways.awaitCondition(client, ns, NAME, "Ready", "False", "ReconcileError");
            assertThat(Gateways.condition(failed, "Ready").orElseThrow().getMessage())
                    .startsWith("KubernetesClientException: 422 ").contains(NAME + "-last-good", "refused by the test");
            assertThat(Gateways.is(failed, "Reconciling", "True", "ReconcileError")).as(Gateways.describe(failed)).isTrue();
            assertThat(Gateways.is(failed, "Stalled", "False")).as("retried: not a verdict for the user").isTrue();
            assertThat(statusManagers(failed)).as("the error status is applied like every status").containsOnly(env.operator().fieldManager());

            client.resource(binding(client, policy, ns)).delete();
            LiteLLMGateway ready = Gateways.awaitCondition(client, ns, NAME, "Ready", "True");
            assertThat(statusManagers(ready)).containsOnly(env.operator().fieldManager());
        } finally {
            client.resource(binding(client, policy, ns)).delete();
            client.resource(refuseLastGood(client, policy)).delete();
        }
    }

    private static boolean refused(KubernetesClient client, String ns) {
        var probe = new ConfigMapBuilder().withNewMetadata().withName("probe-last-good").withNamespace(ns).endMetadata()
                .withData(Map.of("a", "b")).build();
        try {
            client.resource(probe).create();
            client.resource(probe).delete();
            return false;
        } catch (KubernetesClientException refused) {
            return refused.getMessage().contains("refused by the test");
        }
    }

    private static List<String> statusManagers(LiteLLMGateway gateway) {
        return gateway.getMetadata().getManagedFields().stream().filter(f -> "status".equals(f.getSubresource()))
                .map(ManagedFieldsEntry::getManager).toList();
    }

    private static HasMetadata refuseLastGood(KubernetesClient client, String name) {
        return client.getKubernetesSerialization().unmarshal("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: %s}
                spec:
                  failurePolicy: Fail
                  matchConstraints:
                    resourceRules:
                      - apiGroups: [""]
                        apiVersions: [v1]
                        operations: [CREATE, UPDATE]
                        resources: [configmaps]
                  validations:
                    - expression: "!object.metadata.name.endsWith('-last-good')"
                      message: last-good snapshots are refused by the test
                """.formatted(name));
    }

    private static HasMetadata binding(KubernetesClient client, String policy, String ns) {
        return client.getKubernetesSerialization().unmarshal("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: %s}
                spec:
                  policyName: %s
                  validationActions: [Deny]
                  matchResources:
                    namespaceSelector:
                      matchLabels: {kubernetes.io/metadata.name: %s}
                """.formatted(policy, policy, ns));
    }
}
