package io.llmgw.model;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.llmgw.api.v1alpha1.LiteLLMGateway;

/** Test gateways written as the YAML a user would apply, so tests read like the documentation. */
public final class Specs {
    private Specs() {
    }

    /** A LiteLLMGateway "gw" in namespace "ns" with the given spec body (YAML indented under spec:). */
    public static LiteLLMGateway gateway(String specYaml) {
        String yaml = "apiVersion: llmgw.io/v1alpha1\nkind: LiteLLMGateway\nmetadata:\n  name: gw\n  namespace: ns\n  generation: 1\nspec:\n"
                + specYaml.stripIndent().lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
        return Serialization.unmarshal(yaml, LiteLLMGateway.class);
    }

    public static final String ONE_MODEL = """
            models:
              - name: gpt-4o
                model: openai/gpt-4o
                apiKey:
                  secretKeyRef: {name: openai, key: api-key}
            """;

    public static GatewayModel model(String specYaml) {
        GatewayModel.Result result = GatewayModel.build(gateway(specYaml), SecretLookup.offline());
        if (!result.valid()) {
            throw new AssertionError("expected a valid gateway, got " + result.problems());
        }
        return result.model();
    }

    public static Secret secret(String name, Map<String, String> values) {
        SecretBuilder b = new SecretBuilder().withNewMetadata().withName(name).withNamespace("ns").endMetadata();
        values.forEach((k, v) -> b.addToData(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return b.build();
    }
}
