package io.llmgw.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.llmgw.api.v1alpha1.LiteLLMGateway;

/** A typed object owned by the gateway (owner reference, garbage collected), applied with server-side apply. */
public abstract class GatewayResource<R extends HasMetadata> extends GatewayKubernetesDependent<R>
        implements Creator<R, LiteLLMGateway>, Updater<R, LiteLLMGateway>, GarbageCollected<LiteLLMGateway> {

    protected GatewayResource(Class<R> type) {
        super(type);
    }
}
