package io.llmgw.operator;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.fabric8.kubernetes.api.model.Condition;
import io.llmgw.api.v1alpha1.ConditionTypes;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;

/**
 * Per-gateway gauges next to JOSDK's reconcile counters and timers: whether the gateway is Ready or Stalled and
 * how many of its component conditions are False (dependents not ready; BackupHealthy is not one: it is reported
 * beside Ready, and alerted on by its own rules).
 */
final class GatewayMetrics {
    private static final Map<String, AtomicInteger[]> GAUGES = new ConcurrentHashMap<>();

    private GatewayMetrics() {
    }

    static void record(LiteLLMGateway gateway, List<Condition> conditions) {
        AtomicInteger[] g = GAUGES.computeIfAbsent(key(gateway), k -> register(gateway));
        g[0].set(isTrue(conditions, ConditionTypes.READY) ? 1 : 0);
        g[1].set(isTrue(conditions, ConditionTypes.STALLED) ? 1 : 0);
        g[2].set((int) conditions.stream().filter(c -> !List.of(ConditionTypes.READY, ConditionTypes.RECONCILING, ConditionTypes.STALLED,
                ConditionTypes.BACKUP_HEALTHY).contains(c.getType()) && "False".equals(c.getStatus())).count());
    }

    static void forget(LiteLLMGateway gateway) {
        AtomicInteger[] g = GAUGES.remove(key(gateway));
        if (g != null) {
            Tags tags = tags(gateway);
            for (String name : List.of("llmgw.gateway.ready", "llmgw.gateway.stalled", "llmgw.gateway.components.not.ready")) {
                var meter = Metrics.globalRegistry.find(name).tags(tags).meter();
                if (meter != null) {
                    Metrics.globalRegistry.remove(meter);
                }
            }
        }
    }

    private static AtomicInteger[] register(LiteLLMGateway gateway) {
        AtomicInteger[] g = { new AtomicInteger(), new AtomicInteger(), new AtomicInteger() };
        Tags tags = tags(gateway);
        Gauge.builder("llmgw.gateway.ready", g[0], AtomicInteger::get).tags(tags).description("1 when the gateway is Ready").register(Metrics.globalRegistry);
        Gauge.builder("llmgw.gateway.stalled", g[1], AtomicInteger::get).tags(tags).description("1 when the gateway is Stalled").register(Metrics.globalRegistry);
        Gauge.builder("llmgw.gateway.components.not.ready", g[2], AtomicInteger::get).tags(tags)
                .description("component conditions that are False").register(Metrics.globalRegistry);
        return g;
    }

    private static boolean isTrue(List<Condition> conditions, String type) {
        return conditions.stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static Tags tags(LiteLLMGateway gateway) {
        return Tags.of("namespace", gateway.getMetadata().getNamespace(), "name", gateway.getMetadata().getName());
    }

    private static String key(LiteLLMGateway gateway) {
        return gateway.getMetadata().getNamespace() + "/" + gateway.getMetadata().getName();
    }
}
