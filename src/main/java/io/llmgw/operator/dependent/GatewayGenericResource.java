package io.llmgw.operator.dependent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesDependentResource;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.operator.GatewayContext;

/**
 * An owned object of a kind with no published Java model (CloudNativePG, Cilium), built as a generic resource.
 * The real CRD schema validates it on the server; unit tests check the fields.
 */
public abstract class GatewayGenericResource extends GenericKubernetesDependentResource<LiteLLMGateway>
        implements Creator<GenericKubernetesResource, LiteLLMGateway>, Updater<GenericKubernetesResource, LiteLLMGateway>,
        GarbageCollected<LiteLLMGateway>, GatewayDependent<GenericKubernetesResource> {

    protected GatewayGenericResource(GroupVersionKind gvk) {
        super(gvk);
    }

    @Override
    protected final GenericKubernetesResource desired(LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        return desired(GatewayContext.model(context));
    }
}
