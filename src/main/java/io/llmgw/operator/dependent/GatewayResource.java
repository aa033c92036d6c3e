package io.llmgw.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.operator.state.GatewayContext;

/** A typed object owned by the gateway (owner reference, garbage collected), applied with server-side apply. */
public abstract class GatewayResource<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, LiteLLMGateway>
        implements GatewayDependent<R> {

    protected GatewayResource(Class<R> type) {
        super(type);
    }

    @Override
    protected final R desired(LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        return desired(GatewayContext.model(context));
    }

    @Override
    protected ResourceID targetSecondaryResourceID(LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        return GatewayDependent.target(this, context);
    }

    /**
     * JOSDK's server-side-apply create is create-only (resourceVersion 1): for an object that exists but that the
     * informer cannot see, because someone removed its managed-by label, it failed with a conflict on every
     * reconcile and wedged the gateway. Such an object is applied over instead, which restores the label.
     */
    @Override
    public R create(R desired, LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        R existing = context.getClient().resource(desired).get();
        return existing != null ? update(existing, desired, primary, context) : super.create(desired, primary, context);
    }
}
