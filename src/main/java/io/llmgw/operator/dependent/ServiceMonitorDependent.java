package io.llmgw.operator.dependent;

import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitorBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.llmgw.api.v1alpha1.ObservabilitySpec;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;

/**
 * Scrapes the metrics Service's "metrics" port: LiteLLM's separate metrics process, which serves without a key. The
 * NetworkPolicy admits only Prometheus to that port, so no credential is handed to Prometheus (the alternative,
 * /metrics on the API port, accepts only the master key without a database).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class ServiceMonitorDependent extends GatewayResource<ServiceMonitor> {
    public ServiceMonitorDependent() {
        super(ServiceMonitor.class);
    }

    @Override
    public boolean enabled(GatewayModel model) {
        return model.serviceMonitorEnabled();
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().gateway();
    }

    @Override
    public ServiceMonitor desired(GatewayModel model) {
        Names names = model.names();
        ObservabilitySpec.ServiceMonitor sm = model.spec().observability.prometheus.serviceMonitor;
        ObjectMeta meta = Meta.of(model, name(model), Names.MONITORING);
        if (sm.labels != null) {
            // The standard labels win: the informer selects on managed-by.
            Map<String, String> labels = meta.getLabels();
            sm.labels.forEach(labels::putIfAbsent);
        }
        return new ServiceMonitorBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withNewSelector().withMatchLabels(names.selector(Names.MONITORING)).endSelector()
                .addNewEndpoint()
                .withPort(ProxyDeploymentDependent.METRICS_PORT_NAME)
                .withPath("/metrics")
                .withInterval(sm.interval != null ? sm.interval : "30s")
                .endEndpoint()
                .endSpec()
                .build();
    }
}
