package io.llmgw.operator.dependent;

import java.util.Map;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;
import io.llmgw.model.ProxyEnvironment;

/**
 * The password of the managed Dragonfly, shared by Dragonfly ({@code --requirepass}) and the proxy
 * ({@code REDIS_PASSWORD}). Generated once and never updated (a Creator only, immutable). Unlike the keys it
 * is owned by the gateway and garbage collected: the cache holds nothing that must outlive it.
 */
// Its informer is shared with the other dependents of its kind (LiteLLMGatewayReconciler.prepareEventSources).
@KubernetesDependent(useSSA = BooleanWithUndefined.TRUE)
public class CacheSecretDependent extends GatewayKubernetesDependent<Secret>
        implements Creator<Secret, LiteLLMGateway>, GarbageCollected<LiteLLMGateway> {

    public CacheSecretDependent() {
        super(Secret.class);
    }

    @Override
    public boolean enabled(GatewayModel model) {
        return model.managedCache();
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().cacheSecret();
    }

    @Override
    public Secret desired(GatewayModel model) {
        return new SecretBuilder()
                .withMetadata(Meta.of(model, name(model), Names.CACHE))
                .withType("Opaque")
                .withImmutable(true)
                .withData(Map.of(ProxyEnvironment.CACHE_PASSWORD_KEY, GeneratedSecrets.encoded(GeneratedSecrets.token())))
                .build();
    }

    /** Never replaces an existing Secret's values: one that lost its managed-by label is relabelled instead. */
    @Override
    public Secret create(Secret desired, LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        return GeneratedSecrets.relabelIfPresent(context.getClient(), desired).orElseGet(() -> super.create(desired, primary, context));
    }
}
