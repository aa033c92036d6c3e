package io.llmgw.operator.dependent;

import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.SecretKeySelectorBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitorBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.llmgw.api.v1alpha1.ObservabilitySpec;
import io.llmgw.api.v1alpha1.SecretKeyRef;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Names;
import io.llmgw.model.ProxyEnvironment;

/**
 * Scrapes /metrics on the proxy Service's "http" port. Recent LiteLLM requires an API key on /metrics, so
 * Prometheus sends the master key as a bearer token, read from the same Secret the proxy reads it from.
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
        SecretKeyRef key = ProxyEnvironment.masterKey(model.spec(), names);
        return new ServiceMonitorBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withNewSelector().withMatchLabels(names.selector(Names.PROXY)).endSelector()
                .addNewEndpoint()
                .withPort("http")
                .withPath("/metrics")
                .withInterval(sm.interval != null ? sm.interval : "30s")
                .withNewAuthorization()
                .withType("Bearer")
                .withCredentials(new SecretKeySelectorBuilder().withName(key.name).withKey(key.key).build())
                .endAuthorization()
                .endEndpoint()
                .endSpec()
                .build();
    }
}
