package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.it.support.Gateways;
import io.llmgw.it.support.ItEnvironment;

/**
 * The operator's cache of Secrets that gateways may reference leaves out Helm's release records and ServiceAccount
 * tokens (a field selector the real API server applies), so a cluster full of Helm releases does not fill the
 * operator's memory; ordinary Secrets are still seen.
 */
class ReferencedSecretsIT {

    @Test
    void helmReleaseRecordsAreNotCachedOrdinarySecretsAre() {
        ItEnvironment env = ItEnvironment.get();
        KubernetesClient client = env.client();
        String ns = env.controlPlane().createNamespace("secrets");
        Gateways.providerSecret(client, ns, "openai", "api-key", "sk-test");
        client.resource(new SecretBuilder().withNewMetadata().withName("sh.helm.release.v1.app.v1").withNamespace(ns).endMetadata()
                .withType("helm.sh/release.v1").withStringData(Map.of("release", "H4sI-not-a-key")).build()).create();

        Gateways.create(client, ns, gateway("ordinary", "openai", "api-key"));
        Gateways.create(client, ns, gateway("helm-record", "sh.helm.release.v1.app.v1", "release"));

        Gateways.awaitCondition(client, ns, "ordinary", "ConfigValid", "True");
        LiteLLMGateway helm = Gateways.awaitCondition(client, ns, "helm-record", "Stalled", "True", "SecretNotFound");
        assertThat(Gateways.condition(helm, "Stalled").orElseThrow().getMessage()).contains("sh.helm.release.v1.app.v1");
    }

    private static String gateway(String name, String secret, String key) {
        return "apiVersion: llmgw.io/v1alpha1\nkind: LiteLLMGateway\nmetadata:\n  name: " + name + "\nspec:\n"
                + "  models: [{name: a, model: openai/gpt-4o-mini, apiKey: {secretKeyRef: {name: " + secret + ", key: " + key + "}}}]\n";
    }
}
