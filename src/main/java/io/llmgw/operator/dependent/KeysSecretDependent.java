package io.llmgw.operator.dependent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;
import io.llmgw.model.ProxyEnvironment;
import io.llmgw.operator.state.GatewayContext;

/**
 * The generated master key and salt key, for the keys the spec does not reference. Created once, and its keys are
 * never updated: a changed salt key makes every credential stored in the database unreadable. The only update is
 * its owner reference, which follows the deletion policy: with Retain (the default) it has none, so it outlives the
 * gateway together with the database it unlocks; with Delete the gateway owns it. Created with server-side apply ({@code useSSA}: JOSDK leaves Secrets out of SSA by
 * default) so its fields belong to the operator's field manager like every other object's.
 */
// Its informer is shared with the other dependents of its kind (LiteLLMGatewayReconciler.prepareEventSources).
@KubernetesDependent(useSSA = BooleanWithUndefined.TRUE)
public class KeysSecretDependent extends GatewayKubernetesDependent<Secret>
        implements Creator<Secret, LiteLLMGateway>, Updater<Secret, LiteLLMGateway> {

    public KeysSecretDependent() {
        super(Secret.class);
    }

    @Override
    public boolean enabled(GatewayModel model) {
        return model.generatesKeys();
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().keysSecret();
    }

    @Override
    public Secret desired(GatewayModel model) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(ProxyEnvironment.MASTER_KEY_KEY, GeneratedSecrets.encoded("sk-" + GeneratedSecrets.token()));
        data.put(ProxyEnvironment.SALT_KEY_KEY, GeneratedSecrets.encoded(GeneratedSecrets.token()));
        Secret secret = new SecretBuilder()
                .withMetadata(Meta.of(model, name(model), Names.PROXY))
                .withType("Opaque")
                .withImmutable(true)
                .withData(data)
                .build();
        if (!model.retainData()) {
            secret.getMetadata().setOwnerReferences(List.of(Meta.ownerOf(model.gateway())));
        }
        return secret;
    }

    /** Matches when the ownership agrees with the deletion policy; the keys themselves are never compared. */
    @Override
    public Matcher.Result<Secret> match(Secret actual, LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        return Matcher.Result.nonComputed(ownedBy(actual, primary) == !GatewayContext.model(context).retainData());
    }

    /** Changes only the owner reference (metadata, which an immutable Secret allows), never the keys. */
    @Override
    public Secret update(Secret actual, Secret desired, LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        boolean own = !GatewayContext.model(context).retainData();
        return context.getClient().resource(actual).edit(secret -> {
            var refs = new java.util.ArrayList<>(secret.getMetadata().getOwnerReferences());
            refs.removeIf(ref -> primary.getMetadata().getUid().equals(ref.getUid()));
            if (own) {
                refs.add(Meta.ownerOf(primary));
            }
            secret.getMetadata().setOwnerReferences(refs);
            return secret;
        });
    }

    static boolean ownedBy(Secret secret, LiteLLMGateway gateway) {
        return secret.getMetadata().getOwnerReferences().stream().anyMatch(ref -> gateway.getMetadata().getUid().equals(ref.getUid()));
    }

    /** Never replaces an existing Secret's values: one that lost its managed-by label is relabelled instead. */
    @Override
    public Secret create(Secret desired, LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        return GeneratedSecrets.relabelIfPresent(context.getClient(), desired).orElseGet(() -> super.create(desired, primary, context));
    }
}
