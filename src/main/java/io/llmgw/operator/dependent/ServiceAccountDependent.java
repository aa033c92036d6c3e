package io.llmgw.operator.dependent;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;

/** A dedicated identity for the gateway pods, with no API token mounted: LiteLLM never talks to Kubernetes. */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class ServiceAccountDependent extends GatewayResource<ServiceAccount> {
    public ServiceAccountDependent() {
        super(ServiceAccount.class);
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().serviceAccount();
    }

    @Override
    public ServiceAccount desired(GatewayModel model) {
        return new ServiceAccountBuilder()
                .withMetadata(Meta.of(model, name(model), Names.PROXY))
                .withAutomountServiceAccountToken(false)
                .build();
    }
}
