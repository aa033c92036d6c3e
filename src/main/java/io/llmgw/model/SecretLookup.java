package io.llmgw.model;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.fabric8.kubernetes.api.model.Secret;

/** Read access to the Secrets in the gateway's namespace (the informer cache in the operator; nothing offline). */
public interface SecretLookup {
    Optional<Secret> find(String name);

    /** False offline (render): absence of a Secret then proves nothing and is not reported. */
    boolean authoritative();

    /** The value of {@code key} (data decoded, else stringData), or null: the one place a Secret value is decoded. */
    static String value(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().get(key) != null) {
            return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        return secret.getStringData() != null ? secret.getStringData().get(key) : null;
    }

    static SecretLookup offline() {
        return new SecretLookup() {
            @Override
            public Optional<Secret> find(String name) {
                return Optional.empty();
            }

            @Override
            public boolean authoritative() {
                return false;
            }
        };
    }

    static SecretLookup of(Function<String, Secret> byName) {
        return new SecretLookup() {
            @Override
            public Optional<Secret> find(String name) {
                return Optional.ofNullable(byName.apply(name));
            }

            @Override
            public boolean authoritative() {
                return true;
            }
        };
    }

    static SecretLookup of(Map<String, Secret> byName) {
        return of(byName::get);
    }
}
