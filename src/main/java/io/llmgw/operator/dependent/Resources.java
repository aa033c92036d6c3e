package io.llmgw.operator.dependent;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;

/** Default container resources: requests for scheduling, a memory limit, no CPU limit (no throttling). */
final class Resources {
    private Resources() {
    }

    static ResourceRequirements of(String cpuRequest, String memoryRequest, String memoryLimit) {
        // Ordered maps: rendered output must be byte-for-byte reproducible (Map.of order varies between JVMs).
        Map<String, Quantity> requests = new LinkedHashMap<>();
        requests.put("cpu", new Quantity(cpuRequest));
        requests.put("memory", new Quantity(memoryRequest));
        Map<String, Quantity> limits = new LinkedHashMap<>();
        limits.put("memory", new Quantity(memoryLimit));
        return new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build();
    }
}
