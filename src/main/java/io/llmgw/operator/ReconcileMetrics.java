package io.llmgw.operator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * JOSDK's reconcile metrics (v2: {@code reconciliations_*}, {@code events_received}) on the Prometheus registry.
 * quarkus-operator-sdk 7.7.3 hands the operator {@code Metrics.NOOP} in the production profile, because its
 * provider builds the metrics only once the registry binds it, after the operator took them
 * (quarkiverse/quarkus-operator-sdk#1385, fixed in a later release). This producer replaces that default bean.
 */
@ApplicationScoped
public class ReconcileMetrics {

    @Produces
    @Singleton
    Metrics reconcileMetrics(MeterRegistry registry) {
        return MicrometerMetricsV2.newBuilder(registry).build();
    }
}
