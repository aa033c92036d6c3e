package io.llmgw.operator.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.llmgw.operator.state.OptionalApi;

/**
 * Whether the API server serves an {@link OptionalApi} (CloudNativePG, Cilium, Gateway API, Prometheus Operator),
 * asked through API discovery ({@code /apis/<group>/<version>}, small and readable by every authenticated client),
 * so the answer covers the exact version the operator writes. Each answer, present or absent, is trusted for
 * {@link #RECHECK} only: a CRD installed later is picked up, and one removed while the operator runs is noticed,
 * without a restart (the reconciler requeues while something is missing, and forgets every answer when applying an
 * object fails).
 */
public final class ApiAvailability {
    public static final Duration RECHECK = Duration.ofSeconds(10);
    private static final Map<OptionalApi, Answer> ANSWERS = new ConcurrentHashMap<>();
    private static final Clock CLOCK = Clock.systemUTC();
    private static final Map<OptionalApi, Object> LOCKS = new EnumMap<>(OptionalApi.class);

    static {
        for (OptionalApi api : OptionalApi.values()) {
            LOCKS.put(api, new Object());
        }
    }

    private record Answer(boolean served, Instant at) {
    }

    private ApiAvailability() {
    }

    public static boolean isServed(KubernetesClient client, OptionalApi api) {
        return isServed(api, () -> discover(client, api));
    }

    static boolean isServed(OptionalApi api, BooleanSupplier discovery) {
        Answer known = fresh(api);
        if (known != null) {
            return known.served();
        }
        // Single flight: the reconciles that need the same answer at once (every gateway after a start) wait for one
        // discovery request instead of each sending its own.
        synchronized (LOCKS.get(api)) {
            known = fresh(api);
            if (known != null) {
                return known.served();
            }
            boolean served = discovery.getAsBoolean();
            ANSWERS.put(api, new Answer(served, CLOCK.instant()));
            return served;
        }
    }

    private static Answer fresh(OptionalApi api) {
        Answer known = ANSWERS.get(api);
        return known != null && CLOCK.instant().isBefore(known.at().plus(RECHECK)) ? known : null;
    }

    private static boolean discover(KubernetesClient client, OptionalApi api) {
        try {
            APIResourceList resources = client.getApiResources(api.apiVersion());
            return resources != null && resources.getResources().stream().anyMatch(r -> api.plural().equals(r.getName()));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Forget what was learnt: the next checks ask the API server again. */
    public static void forget() {
        ANSWERS.clear();
    }
}
