package io.llmgw.operator.dependent;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Random secret values for generated keys and passwords. */
final class GeneratedSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private GeneratedSecrets() {
    }

    /** 32 random bytes, URL-safe base64 without padding (43 characters). */
    static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A value as a Secret stores it in {@code data}. */
    static String encoded(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A generated Secret that exists but that the dependent's informer cannot see, because someone removed its
     * managed-by label: relabelled in place. Creating it again would apply new random values to an immutable
     * Secret (refused forever, wedging the gateway) or, worse, replace the keys.
     */
    static Optional<Secret> relabelIfPresent(KubernetesClient client, Secret desired) {
        Secret existing = client.secrets().inNamespace(desired.getMetadata().getNamespace()).withName(desired.getMetadata().getName()).get();
        if (existing == null) {
            return Optional.empty();
        }
        return Optional.of(client.resource(existing).edit(secret -> {
            var labels = new HashMap<>(secret.getMetadata().getLabels() != null ? secret.getMetadata().getLabels() : java.util.Map.of());
            labels.putAll(desired.getMetadata().getLabels());
            secret.getMetadata().setLabels(labels);
            return secret;
        }));
    }
}
