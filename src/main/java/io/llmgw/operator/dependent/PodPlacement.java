package io.llmgw.operator.dependent;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;
import io.llmgw.api.v1alpha1.SchedulingSpec;

/**
 * The spec's image pull secrets and {@code spec.scheduling} on the pods the operator runs, in one place. Every pod
 * takes the pull secrets (a mirrored Dragonfly image usually lives in the same private registry as LiteLLM's). Of the
 * scheduling, each pod takes what fits it:
 * <ul>
 * <li>{@link #PROXY}: all of it, since it is written for the serving pods (spread constraints are set by the proxy
 * Deployment itself, with their default);
 * <li>{@link #MIGRATION}: node selector, tolerations and affinity, so the Job runs where the proxy may (the same node
 * pools and zones, the same egress to the database); no priority class, since a one-shot Job must not preempt serving
 * pods;
 * <li>{@link #CACHE}: node selector and tolerations (the gateway's node pools); not the affinity, whose pod
 * (anti-)affinity terms name the proxy pods, nor the priority class.
 * </ul>
 */
enum PodPlacement {
    PROXY, MIGRATION, CACHE;

    void apply(LiteLLMGatewaySpec spec, PodSpecBuilder pod) {
        if (spec.image != null && spec.image.pullSecrets != null) {
            pod.withImagePullSecrets(spec.image.pullSecrets.stream().map(LocalObjectReference::new).toList());
        }
        SchedulingSpec scheduling = spec.scheduling;
        if (scheduling == null) {
            return;
        }
        pod.withNodeSelector(scheduling.nodeSelector).withTolerations(scheduling.tolerations);
        if (this != CACHE) {
            pod.withAffinity(scheduling.affinity);
        }
        if (this == PROXY) {
            pod.withPriorityClassName(scheduling.priorityClassName);
        }
    }
}
