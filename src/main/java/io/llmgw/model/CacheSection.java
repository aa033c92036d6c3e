package io.llmgw.model;

import java.util.Set;

import io.fabric8.kubernetes.api.model.Quantity;
import io.llmgw.api.v1alpha1.CacheSpec;
import io.llmgw.api.v1alpha1.ConditionReason;

/** spec.cache: an external Redis, the managed Dragonfly, or none, and what replicas share through it. */
final class CacheSection extends SpecSection {
    /** Routing strategies that pick deployments from usage counters the router keeps in its cache. */
    private static final Set<String> SHARED_STATE_STRATEGIES = Set.of("usage-based-routing", "usage-based-routing-v2", "least-busy",
            "latency-based-routing");

    CacheSection(Context context) {
        super(context);
    }

    void checkRedis() {
        if (CacheSpec.REDIS.equals(spec.cacheType()) && spec.cache.redis == null) {
            problems.add(new Problem(ConditionReason.INVALID_SPEC, "spec.cache.redis is required when spec.cache.type is Redis"));
        }
    }

    /**
     * Dragonfly exits at start unless it has at least 256 MiB per proactor thread; without --maxmemory it takes
     * 80% of the container's memory limit. Refuse a combination that would crash-loop.
     */
    void checkDragonflyMemory() {
        if (!CacheSpec.DRAGONFLY.equals(spec.cacheType())) {
            return;
        }
        var dragonfly = spec.cache.dragonfly;
        int threads = dragonfly != null && dragonfly.threads != null ? dragonfly.threads : Defaults.DRAGONFLY_THREADS;
        long needed = threads * 256L * 1024 * 1024;
        long available;
        String from;
        if (dragonfly != null && dragonfly.maxMemory != null) {
            available = Quantity.getAmountInBytes(new Quantity(dragonfly.maxMemory)).longValue();
            from = "maxMemory " + dragonfly.maxMemory;
        } else {
            Quantity limit = dragonfly != null && dragonfly.resources != null && dragonfly.resources.getLimits() != null
                    ? dragonfly.resources.getLimits().get("memory")
                    : new Quantity(Defaults.DRAGONFLY_MEMORY_LIMIT);
            if (limit == null) {
                return;
            }
            available = Quantity.getAmountInBytes(limit).longValue() * 8 / 10;
            from = "80% of the memory limit " + limit;
        }
        if (available < needed) {
            problems.add(Problem.of(ConditionReason.CACHE_MEMORY_TOO_SMALL,
                    "Dragonfly needs at least 256Mi per thread: %d threads need %dMi but %s gives %dMi; lower cache.dragonfly.threads or raise its memory",
                    threads, needed >> 20, from, available >> 20));
        }
    }

    /** Without a shared cache each replica counts limits and usage on its own. */
    void warnSharedState() {
        int maxReplicas = maxReplicas();
        if (maxReplicas > 1 && !spec.hasCache()) {
            warnings.add("more than one replica without a shared cache: rpm/tpm limits are enforced per pod");
            String strategy = spec.routerSettings != null ? spec.routerSettings.routingStrategy : null;
            if (strategy != null && SHARED_STATE_STRATEGIES.contains(strategy)) {
                // The router keeps these counters in its cache: Redis when router_settings.redis_* is set, else per pod.
                warnings.add("routerSettings.routingStrategy " + strategy + " counts usage per pod without a shared cache: each of the up"
                        + " to " + maxReplicas + " replicas balances on its own share; set spec.cache");
            }
        }
    }
}
