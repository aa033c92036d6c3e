package io.llmgw.model;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.llmgw.api.v1alpha1.ConditionReason;

/**
 * Resource quantities are free strings in the CRD (the schema of Kubernetes' ResourceRequirements has no
 * pattern): one that does not parse is refused here rather than thrown later, while applying a child.
 */
final class ResourceQuantities extends SpecSection {
    ResourceQuantities(Context context) {
        super(context);
    }

    /** True when every quantity of the proxy, Dragonfly, CloudNativePG and Presidio resources parses. */
    boolean check() {
        Map<String, ResourceRequirements> all = new LinkedHashMap<>();
        all.put("spec.resources", spec.resources);
        if (spec.cache != null && spec.cache.dragonfly != null) {
            all.put("spec.cache.dragonfly.resources", spec.cache.dragonfly.resources);
        }
        if (spec.database != null && spec.database.cloudNativePG != null) {
            all.put("spec.database.cloudNativePG.resources", spec.database.cloudNativePG.resources);
        }
        if (spec.presidio != null) {
            all.put("spec.presidio.analyzerResources", spec.presidio.analyzerResources);
            all.put("spec.presidio.anonymizerResources", spec.presidio.anonymizerResources);
        }
        boolean valid = true;
        for (var entry : all.entrySet()) {
            ResourceRequirements r = entry.getValue();
            if (r == null) {
                continue;
            }
            for (var kind : Map.of("requests", r.getRequests() != null ? r.getRequests() : Map.<String, Quantity> of(),
                    "limits", r.getLimits() != null ? r.getLimits() : Map.<String, Quantity> of()).entrySet()) {
                for (var q : new java.util.TreeMap<>(kind.getValue()).entrySet()) {
                    if (!isQuantity(q.getValue())) {
                        problems.add(Problem.of(ConditionReason.INVALID_QUANTITY, "%s.%s.%s: %s is not a non-negative Kubernetes quantity (e.g. 512Mi, 2, 500m)",
                                entry.getKey(), kind.getKey(), q.getKey(), q.getValue()));
                        valid = false;
                    }
                }
            }
        }
        return valid;
    }

    private static boolean isQuantity(Quantity q) {
        try {
            // Negative amounts parse but the API server refuses them in a pod spec (requests and limits alike).
            return q != null && q.getAmount() != null && Quantity.getAmountInBytes(q) != null && Quantity.getAmountInBytes(q).signum() >= 0;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
