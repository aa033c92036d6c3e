package io.llmgw.operator.dependent;

import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrantBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;

/**
 * Lets the HTTPRoute in another namespace reference the gateway's Service, and nothing else of this namespace.
 * gateway.networking.k8s.io/v1beta1: the version the fabric8 model offers; Gateway API 1.6 serves it (and
 * stores it) beside v1.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class ReferenceGrantDependent extends GatewayResource<ReferenceGrant> {
    public ReferenceGrantDependent() {
        super(ReferenceGrant.class);
    }

    @Override
    public boolean enabled(GatewayModel model) {
        return model.crossNamespaceRoute();
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().referenceGrant();
    }

    @Override
    public ReferenceGrant desired(GatewayModel model) {
        Names names = model.names();
        return new ReferenceGrantBuilder()
                .withMetadata(Meta.of(model, name(model), Names.ROUTE))
                .withNewSpec()
                .addNewFrom().withGroup(HttpRouteDependent.GATEWAY_API_GROUP).withKind("HTTPRoute")
                .withNamespace(model.routeNamespace()).endFrom()
                .addNewTo().withGroup("").withKind("Service").withName(names.service()).endTo()
                .endSpec()
                .build();
    }
}
