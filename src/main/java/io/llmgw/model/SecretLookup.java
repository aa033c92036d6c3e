package io.llmgw.model;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.fabric8.kubernetes.api.model.Secret;

/** Read access to the Secrets in the gateway's namespace (the informer cache in the operator; nothing offline). */
public interface SecretLookup {
    Optional<Secret> find(String name);

    /** False offline (render): absence of a Secret then proves nothing and is not reported. */
    boolean authoritative();

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
