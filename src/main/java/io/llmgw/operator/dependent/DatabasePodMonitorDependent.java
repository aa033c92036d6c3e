package io.llmgw.operator.dependent;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitorBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;

/**
 * Scrapes the managed Postgres instances' metrics exporter (port "metrics", 9187). Built here because CNPG's own
 * {@code spec.monitoring.enablePodMonitor} is deprecated since 1.30; the selector is the one CNPG used for its
 * own PodMonitor (instance pods of the cluster, not poolers). Carries the ServiceMonitor labels of the spec
 * (e.g. release: kube-prometheus-stack), which Prometheus usually selects PodMonitors by as well.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class DatabasePodMonitorDependent extends GatewayResource<PodMonitor> {
    public static final String CLUSTER_LABEL = "cnpg.io/cluster";
    public static final String POD_ROLE_LABEL = "cnpg.io/podRole";

    public DatabasePodMonitorDependent() {
        super(PodMonitor.class);
    }

    @Override
    public boolean enabled(GatewayModel model) {
        return model.databasePodMonitorEnabled();
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().database();
    }

    @Override
    public PodMonitor desired(GatewayModel model) {
        ObjectMeta metadata = Meta.of(model, name(model), Names.DATABASE);
        var prometheus = model.spec().observability.prometheus;
        if (prometheus.serviceMonitor != null && prometheus.serviceMonitor.labels != null) {
            Map<String, String> labels = new LinkedHashMap<>(prometheus.serviceMonitor.labels);
            labels.putAll(metadata.getLabels());
            metadata.setLabels(labels);
        }
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(CLUSTER_LABEL, model.names().database());
        selector.put(POD_ROLE_LABEL, "instance");
        return new PodMonitorBuilder()
                .withMetadata(metadata)
                .withNewSpec()
                .withNewSelector().withMatchLabels(selector).endSelector()
                .addNewPodMetricsEndpoint().withPort("metrics").endPodMetricsEndpoint()
                .endSpec()
                .build();
    }
}
