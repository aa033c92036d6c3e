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
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.llmgw.api.v1alpha1.LiteLLMGateway;

/**
 * Whether the API server serves an {@link OptionalApi} (CloudNativePG, Cilium, Gateway API, Prometheus Operator),
 * asked through API discovery ({@code /apis/<group>/<version>}, small and readable by every authenticated client),
 * so the answer covers the exact version the operator writes. Each answer, present or absent, is trusted for
 * {@link #RECHECK} only: a CRD installed later is picked up, and one removed while the operator runs is noticed,
 * without a restart (the reconciler requeues while something is missing, and forgets every answer when applying an
 * object fails). One per reconciler, shared by its reconciles; the workflow's activation conditions, which JOSDK
 * instantiates itself, find it in the reconcile's context.
 */
public final class ApiAvailability {
    public static final Duration RECHECK = Duration.ofSeconds(10);
    private static final String CONTEXT_KEY = "llmgw.io/api-availability";
    private final Map<OptionalApi, Answer> answers = new ConcurrentHashMap<>();
    private final Map<OptionalApi, Object> locks = new EnumMap<>(OptionalApi.class);
    private final Clock clock;

    private record Answer(boolean served, Instant at) {
    }

    public ApiAvailability(Clock clock) {
        this.clock = clock;
        for (OptionalApi api : OptionalApi.values()) {
            locks.put(api, new Object());
        }
    }

    /** The reconciler's instance, put into the context before the workflow runs. */
    public static ApiAvailability of(Context<LiteLLMGateway> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(CONTEXT_KEY, ApiAvailability.class);
    }

    public void putInto(Context<LiteLLMGateway> context) {
        context.managedWorkflowAndDependentResourceContext().put(CONTEXT_KEY, this);
    }

    public boolean isServed(KubernetesClient client, OptionalApi api) {
        return isServed(api, () -> discover(client, api));
    }

    boolean isServed(OptionalApi api, BooleanSupplier discovery) {
        Answer known = fresh(api);
        if (known != null) {
            return known.served();
        }
        // Single flight: the reconciles that need the same answer at once (every gateway after a start) wait for one
        // discovery request instead of each sending its own.
        synchronized (locks.get(api)) {
            known = fresh(api);
            if (known != null) {
                return known.served();
            }
            boolean served = discovery.getAsBoolean();
            answers.put(api, new Answer(served, clock.instant()));
            return served;
        }
    }

    private Answer fresh(OptionalApi api) {
        Answer known = answers.get(api);
        return known != null && clock.instant().isBefore(known.at().plus(RECHECK)) ? known : null;
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
    public void forget() {
        answers.clear();
    }
}
