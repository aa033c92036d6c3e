package io.llmgw.operator.condition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Which optional CRDs (CloudNativePG, Cilium, Gateway API, Prometheus Operator) are installed. An absent CRD is
 * looked up again after {@link #RECHECK}, with no limit, so a CRD installed later is picked up without restarting
 * the operator (the reconciler requeues while something is missing). A present one is trusted until a workflow
 * fails on it ({@link #forget()}), which is how an uninstalled CRD is noticed.
 */
public final class ApiAvailability {
    public static final Duration RECHECK = Duration.ofSeconds(20);
    private static final Map<String, Instant> ABSENT_SINCE_CHECK = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> PRESENT = new ConcurrentHashMap<>();
    private static Clock clock = Clock.systemUTC();

    private ApiAvailability() {
    }

    public static boolean isInstalled(KubernetesClient client, String crdName) {
        if (PRESENT.containsKey(crdName)) {
            return true;
        }
        Instant checked = ABSENT_SINCE_CHECK.get(crdName);
        Instant now = clock.instant();
        if (checked != null && now.isBefore(checked.plus(RECHECK))) {
            return false;
        }
        boolean installed = client.resources(CustomResourceDefinition.class).withName(crdName).get() != null;
        if (installed) {
            PRESENT.put(crdName, true);
            ABSENT_SINCE_CHECK.remove(crdName);
        } else {
            ABSENT_SINCE_CHECK.put(crdName, now);
        }
        return installed;
    }

    /** Last known answer without an API call (for status). */
    public static boolean knownInstalled(String crdName) {
        return PRESENT.containsKey(crdName);
    }

    /** Forget what was learnt: the next checks ask the API server again. */
    public static void forget() {
        reset();
    }

    /** Tests install CRDs mid-run; this forgets what was learnt. */
    public static void reset() {
        PRESENT.clear();
        ABSENT_SINCE_CHECK.clear();
    }
}
