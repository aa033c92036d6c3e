package io.llmgw.operator.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.llmgw.model.Defaults;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;

/** The managed Dragonfly's ClusterIP Service on port 6379 (name "redis"); the proxy's cache host points here. */
// Its informer is shared with the other dependents of its kind (LiteLLMGatewayReconciler.prepareEventSources).
public class CacheServiceDependent extends GatewayResource<Service> {
    public CacheServiceDependent() {
        super(Service.class);
    }

    @Override
    public boolean enabled(GatewayModel model) {
        return model.managedCache();
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().cache();
    }

    @Override
    public Service desired(GatewayModel model) {
        return new ServiceBuilder()
                .withMetadata(Meta.of(model, name(model), Names.CACHE))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(model.names().selector(Names.CACHE))
                .addNewPort().withName(CacheDeploymentDependent.PORT_NAME).withPort(Defaults.REDIS_PORT)
                .withNewTargetPort(CacheDeploymentDependent.PORT_NAME).withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }
}
