package io.llmgw.operator.dependent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Names;
import io.llmgw.model.ProxyEnvironment;
import io.llmgw.operator.GatewayContext;

/**
 * The generated master key and salt key, for the keys the spec does not reference. Created once and never
 * updated (a Creator only): a changed salt key makes every credential stored in the database unreadable.
 * With deletion policy Retain (the default) it has no owner reference, so it outlives the gateway together
 * with the database it unlocks. Created with server-side apply ({@code useSSA}: JOSDK leaves Secrets out of SSA by
 * default) so its fields belong to the operator's field manager like every other object's.
 */
@KubernetesDependent(useSSA = BooleanWithUndefined.TRUE, informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class KeysSecretDependent extends KubernetesDependentResource<Secret, LiteLLMGateway>
        implements Creator<Secret, LiteLLMGateway>, GatewayDependent<Secret> {

    public KeysSecretDependent() {
        super(Secret.class);
    }

    @Override
    public boolean enabled(GatewayModel model) {
        return model.generatesKeys();
    }

    @Override
    protected Secret desired(LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        return desired(GatewayContext.model(context));
    }

    @Override
    public Secret desired(GatewayModel model) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(ProxyEnvironment.MASTER_KEY_KEY, GeneratedSecrets.encoded("sk-" + GeneratedSecrets.token()));
        data.put(ProxyEnvironment.SALT_KEY_KEY, GeneratedSecrets.encoded(GeneratedSecrets.token()));
        Secret secret = new SecretBuilder()
                .withMetadata(Meta.of(model, model.names().keysSecret(), Names.PROXY))
                .withType("Opaque")
                .withImmutable(true)
                .withData(data)
                .build();
        if (!model.retainData()) {
            secret.getMetadata().setOwnerReferences(List.of(Meta.ownerOf(model.gateway())));
        }
        return secret;
    }
}
