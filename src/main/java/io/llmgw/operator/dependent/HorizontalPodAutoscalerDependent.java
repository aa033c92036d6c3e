package io.llmgw.operator.dependent;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.llmgw.api.v1alpha1.AvailabilitySpec;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;

/**
 * Scales the proxy Deployment on CPU (default target 70%) and, when asked, memory. The Deployment leaves
 * replicas unset while autoscaling is on, so the two never fight.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class HorizontalPodAutoscalerDependent extends GatewayResource<HorizontalPodAutoscaler> {
    static final int DEFAULT_CPU_TARGET = 70;

    public HorizontalPodAutoscalerDependent() {
        super(HorizontalPodAutoscaler.class);
    }

    @Override
    public boolean enabled(GatewayModel model) {
        return model.autoscaled();
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().gateway();
    }

    @Override
    public HorizontalPodAutoscaler desired(GatewayModel model) {
        Names names = model.names();
        AvailabilitySpec.Autoscaling as = model.spec().availability.autoscaling;
        // spec.replicas may be 0; an HPA's minimum is at least 1.
        int min = as.minReplicas != null ? as.minReplicas : Math.max(1, model.replicas());
        // No maximum given: room to double.
        int max = as.maxReplicas != null ? Math.max(as.maxReplicas, min) : Math.max(2, 2 * min);
        List<MetricSpec> metrics = new ArrayList<>();
        metrics.add(utilization("cpu", as.targetCPUUtilizationPercentage != null ? as.targetCPUUtilizationPercentage : DEFAULT_CPU_TARGET));
        if (as.targetMemoryUtilizationPercentage != null) {
            metrics.add(utilization("memory", as.targetMemoryUtilizationPercentage));
        }
        return new HorizontalPodAutoscalerBuilder()
                .withMetadata(Meta.of(model, name(model), Names.PROXY))
                .withNewSpec()
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(names.deployment()).endScaleTargetRef()
                .withMinReplicas(min)
                .withMaxReplicas(max)
                .withMetrics(metrics)
                .endSpec()
                .build();
    }

    private static MetricSpec utilization(String resource, int percent) {
        return new MetricSpecBuilder()
                .withType("Resource")
                .withNewResource().withName(resource)
                .withNewTarget().withType("Utilization").withAverageUtilization(percent).endTarget()
                .endResource()
                .build();
    }
}
