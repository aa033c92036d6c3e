package io.llmgw.operator.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.llmgw.model.Defaults;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;

/** The gateway's Service on port 4000 (name "http"), the backend of the HTTPRoute, the Ingress and the ServiceMonitor. */
// Its informer is shared with the other dependents of its kind (LiteLLMGatewayReconciler.prepareEventSources).
public class ProxyServiceDependent extends GatewayResource<Service> {
    static final String PORT_NAME = "http";

    public ProxyServiceDependent() {
        super(Service.class);
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().service();
    }

    @Override
    public Service desired(GatewayModel model) {
        var service = model.spec().service;
        return new ServiceBuilder()
                .withMetadata(Meta.of(model, name(model), Names.PROXY, service != null ? service.annotations : null))
                .withNewSpec()
                .withType(service != null && service.type != null ? service.type : "ClusterIP")
                .withSelector(model.names().selector(Names.PROXY))
                .addNewPort().withName(PORT_NAME).withPort(Defaults.PROXY_PORT).withNewTargetPort("http").withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }
}
