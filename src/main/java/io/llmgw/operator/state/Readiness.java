package io.llmgw.operator.state;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/** Whether an observed object is done, as its own controller reports it. Pure; the workflow conditions and the status read the same. */
public final class Readiness {
    private Readiness() {
    }

    /**
     * The Deployment's current generation has rolled out: every desired replica updated and available, and no pod of
     * an older template left (as {@code kubectl rollout status} decides). An old pod still serving while the new one
     * crash-loops is not a rolled-out Deployment.
     */
    public static boolean rolledOut(Deployment d) {
        var status = d.getStatus();
        if (status == null || status.getObservedGeneration() == null
                || status.getObservedGeneration() < d.getMetadata().getGeneration()) {
            return false;
        }
        int desired = d.getSpec().getReplicas() != null ? d.getSpec().getReplicas() : 1;
        int updated = status.getUpdatedReplicas() != null ? status.getUpdatedReplicas() : 0;
        int available = status.getAvailableReplicas() != null ? status.getAvailableReplicas() : 0;
        int total = status.getReplicas() != null ? status.getReplicas() : 0;
        return updated >= desired && total <= updated && available >= desired;
    }

    /** CloudNativePG reports the Cluster's Ready condition True. */
    @SuppressWarnings("unchecked")
    public static boolean clusterReady(GenericKubernetesResource cluster) {
        Object status = cluster.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> s) || !(s.get("conditions") instanceof List<?> conditions)) {
            return false;
        }
        return conditions.stream().map(c -> (Map<String, Object>) c)
                .anyMatch(c -> "Ready".equals(c.get("type")) && "True".equals(c.get("status")));
    }

    public static boolean jobComplete(Job job) {
        return jobCondition(job, "Complete");
    }

    public static boolean jobFailed(Job job) {
        return jobCondition(job, "Failed");
    }

    private static boolean jobCondition(Job job, String type) {
        return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
                .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
