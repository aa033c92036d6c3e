package io.llmgw.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.operator.GatewayContext;

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
}
