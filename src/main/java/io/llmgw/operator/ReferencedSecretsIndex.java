package io.llmgw.operator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.llmgw.api.v1alpha1.LiteLLMGateway;

/**
 * The index function of the Secrets each gateway references, remembered per gateway and generation. The informer
 * calls it on every event of a gateway, its own status patches included, and computing it builds the gateway's model
 * (two thirds of all model builds in a profile of 100 new gateways); only a spec change, which is a new generation,
 * can change the answer. Bounded, least recently used first out, so a deleted gateway's entry ages out.
 */
final class ReferencedSecretsIndex {
    static final int CAPACITY = 4096;

    private record Key(String uid, long generation) {
    }

    private final Function<LiteLLMGateway, List<String>> compute;
    private final Map<Key, List<String>> remembered = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, List<String>> eldest) {
            return size() > CAPACITY;
        }
    };

    ReferencedSecretsIndex(Function<LiteLLMGateway, List<String>> compute) {
        this.compute = compute;
    }

    List<String> keys(LiteLLMGateway gateway) {
        var metadata = gateway.getMetadata();
        if (metadata.getUid() == null || metadata.getGeneration() == null) {
            return compute.apply(gateway);
        }
        Key key = new Key(metadata.getUid(), metadata.getGeneration());
        synchronized (remembered) {
            List<String> known = remembered.get(key);
            if (known != null) {
                return known;
            }
        }
        // Computed outside the lock: a model build must not hold up the other informers' threads.
        List<String> keys = List.copyOf(compute.apply(gateway));
        synchronized (remembered) {
            remembered.put(key, keys);
        }
        return keys;
    }

    int size() {
        synchronized (remembered) {
            return remembered.size();
        }
    }
}
