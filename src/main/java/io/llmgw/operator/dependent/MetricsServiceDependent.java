package io.llmgw.operator.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.llmgw.model.Defaults;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;

/**
 * The proxy pods' metrics port (no auth, see ProxyDeploymentDependent) behind its own ClusterIP Service, which the
 * ServiceMonitor selects. Not a port of the proxy Service: that one may be a NodePort or LoadBalancer, and is the
 * backend of the Ingress and HTTPRoute, and an unauthenticated port must not ride along.
 */
// Its informer is shared with the other dependents of its kind (LiteLLMGatewayReconciler.prepareEventSources).
public class MetricsServiceDependent extends GatewayResource<Service> {
    public MetricsServiceDependent() {
        super(Service.class);
    }

    @Override
    public boolean enabled(GatewayModel model) {
        return model.prometheusEnabled();
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().metricsService();
    }

    @Override
    public Service desired(GatewayModel model) {
        return new ServiceBuilder()
                .withMetadata(Meta.of(model, name(model), Names.MONITORING))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(model.names().selector(Names.PROXY))
                .addNewPort().withName(ProxyDeploymentDependent.METRICS_PORT_NAME).withPort(Defaults.METRICS_PORT)
                .withNewTargetPort(ProxyDeploymentDependent.METRICS_PORT_NAME).withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }
}
