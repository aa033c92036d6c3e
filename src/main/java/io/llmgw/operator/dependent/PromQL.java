package io.llmgw.operator.dependent;

import io.llmgw.model.Names;

/**
 * Label matchers that scope PromQL to one gateway. The ServiceMonitor's targets carry the Prometheus Operator's
 * {@code namespace}, {@code service} and {@code job} (the Service's name) labels; the CloudNativePG exporter adds
 * {@code cluster} to {@code cnpg_collector_up}. Names are DNS labels, so no value needs escaping.
 */
public final class PromQL {
    private PromQL() {
    }

    /** Matchers of the proxy's metrics series, e.g. {@code namespace="ai-system",service="litellm-metrics"}. */
    public static String gateway(Names names) {
        return "namespace=\"" + names.namespace() + "\",service=\"" + names.metricsService() + "\"";
    }

    /** Matchers of the managed CloudNativePG cluster's exporter series. */
    public static String database(Names names) {
        return "namespace=\"" + names.namespace() + "\",cluster=\"" + names.database() + "\"";
    }

    /**
     * Matchers of kube-state-metrics' series of the proxy container: its pods are named after the Deployment plus
     * the ReplicaSet hash and a suffix (the cache's pods, {@code <gateway>-cache-...}, have one dash more).
     */
    public static String proxyContainer(Names names) {
        return "namespace=\"" + names.namespace() + "\",container=\"litellm\",pod=~\"" + names.deployment() + "-[a-z0-9]+-[a-z0-9]+\"";
    }
}
