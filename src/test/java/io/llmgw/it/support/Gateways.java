package io.llmgw.it.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.llmgw.api.v1alpha1.LiteLLMGateway;

/** Creating gateways and reading their status in tests. */
public final class Gateways {
    public static final Duration CONVERGE = Duration.ofSeconds(60);

    private Gateways() {
    }

    public static Resource<LiteLLMGateway> gateway(KubernetesClient client, String namespace, String name) {
        return client.resources(LiteLLMGateway.class).inNamespace(namespace).withName(name);
    }

    public static LiteLLMGateway parse(String yaml) {
        return Serialization.unmarshal(yaml, LiteLLMGateway.class);
    }

    public static LiteLLMGateway create(KubernetesClient client, String namespace, String yaml) {
        LiteLLMGateway gateway = parse(yaml);
        gateway.getMetadata().setNamespace(namespace);
        return client.resource(gateway).create();
    }

    /** Edits a gateway, retrying when the operator's status write got in between (409 Conflict). */
    public static LiteLLMGateway edit(KubernetesClient client, String namespace, String name, java.util.function.UnaryOperator<LiteLLMGateway> change) {
        for (int attempt = 1;; attempt++) {
            try {
                return gateway(client, namespace, name).edit(change);
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** The smallest gateway: one model whose key is in the Secret {@code openai} (key {@code api-key}, see {@link #providerSecret}). */
    public static String oneModel(String name) {
        return """
                apiVersion: llmgw.io/v1alpha1
                kind: LiteLLMGateway
                metadata:
                  name: %s
                spec:
                  models:
                    - name: gpt-4o-mini
                      model: openai/gpt-4o-mini
                      apiKey:
                        secretKeyRef: {name: openai, key: api-key}
                """.formatted(name);
    }

    /** A provider key Secret as a user creates it ({@code kubectl create secret generic NAME --from-literal=KEY=VALUE}). */
    public static Secret providerSecret(KubernetesClient client, String namespace, String name, String key, String value) {
        return client.resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withType("Opaque").withStringData(Map.of(key, value)).build()).create();
    }

    public static Optional<Condition> condition(LiteLLMGateway gateway, String type) {
        if (gateway == null || gateway.getStatus() == null || gateway.getStatus().conditions == null) {
            return Optional.empty();
        }
        return gateway.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public static boolean is(LiteLLMGateway gateway, String type, String status) {
        return condition(gateway, type).map(c -> status.equals(c.getStatus())).orElse(false);
    }

    public static boolean is(LiteLLMGateway gateway, String type, String status, String reason) {
        return condition(gateway, type).map(c -> status.equals(c.getStatus()) && reason.equals(c.getReason())).orElse(false);
    }

    /** The status describes the current spec (kstatus: otherwise it is InProgress whatever the conditions say). */
    public static boolean observedCurrent(LiteLLMGateway gateway) {
        return gateway != null && gateway.getStatus() != null && gateway.getStatus().observedGeneration != null
                && gateway.getStatus().observedGeneration.equals(gateway.getMetadata().getGeneration());
    }

    /** Waits until the status describes the current generation and the condition has the given status. */
    public static LiteLLMGateway awaitCondition(KubernetesClient client, String namespace, String name, String type, String status) {
        return Await.until(namespace + "/" + name + " reports " + type + "=" + status + " for its current generation", CONVERGE,
                () -> gateway(client, namespace, name).get(), g -> observedCurrent(g) && is(g, type, status), Gateways::describe);
    }

    public static LiteLLMGateway awaitCondition(KubernetesClient client, String namespace, String name, String type, String status,
            String reason) {
        return Await.until(namespace + "/" + name + " reports " + type + "=" + status + " (" + reason + ") for its current generation",
                CONVERGE, () -> gateway(client, namespace, name).get(), g -> observedCurrent(g) && is(g, type, status, reason),
                Gateways::describe);
    }

    public static String describe(LiteLLMGateway gateway) {
        if (gateway == null || gateway.getStatus() == null) {
            return "(no status)";
        }
        return "generation " + gateway.getMetadata().getGeneration() + ", observedGeneration " + gateway.getStatus().observedGeneration
                + ", conditions: " + gateway.getStatus().conditions.stream()
                        .map(c -> c.getType() + "=" + c.getStatus() + "(" + c.getReason() + ": " + c.getMessage() + ")")
                        .collect(Collectors.joining(", "));
    }

    /** The resourceVersion of each object, to prove that nothing was rewritten. */
    public static Map<String, String> versions(List<? extends HasMetadata> objects) {
        return objects.stream().collect(Collectors.toMap(o -> o.getKind() + "/" + o.getMetadata().getName(),
                o -> o.getMetadata().getResourceVersion()));
    }
}
