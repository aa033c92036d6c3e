package io.llmgw.operator;

import java.util.List;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.operator.dependent.CacheSecretDependent;
import io.llmgw.operator.dependent.GatewayDependent;
import io.llmgw.operator.dependent.KeysSecretDependent;
import io.llmgw.operator.state.GatewayContext;

/**
 * Creates the Secrets the operator generates (master and salt key, cache password) before the model is built, so
 * the config hash covers their values from a gateway's first reconcile: the ConfigMap and the Deployment are applied
 * once, instead of once with the Secrets absent and again when they appear. Their dependents still own them
 * afterwards (ownership, deletion). Runs only after {@link GeneratedKeys#lost} said generating keys is safe.
 */
final class GeneratedSecretsFirst {
    private static final List<GatewayDependent<Secret>> GENERATED = List.of(new KeysSecretDependent(), new CacheSecretDependent());

    private GeneratedSecretsFirst() {
    }

    /** Whether it created (or found, past a lagging cache) a generated Secret the model read as absent. */
    static boolean create(GatewayModel model, Context<LiteLLMGateway> context) {
        var source = GatewayContext.secretSource(context);
        boolean added = false;
        for (GatewayDependent<Secret> generated : GENERATED) {
            ResourceID id = new ResourceID(generated.name(model), model.namespace());
            if (!generated.enabled(model) || source.get(id).isPresent()) {
                continue;
            }
            var client = context.getClient();
            // The cache may lag behind the API server: never apply new values over an existing Secret.
            Secret secret = client.secrets().inNamespace(id.getNamespace().orElseThrow()).withName(id.getName()).get();
            if (secret == null) {
                Secret desired = generated.desired(model);
                if (generated instanceof GarbageCollected<?>) {
                    // What JOSDK adds when its dependent creates it.
                    desired.getMetadata().setOwnerReferences(List.of(Meta.ownerOf(model.gateway())));
                }
                secret = client.resource(desired).fieldManager(context.getControllerConfiguration().fieldManager()).serverSideApply();
            }
            // Seen by the lookups of this reconcile and the dependent's, and its own event not redelivered.
            source.handleRecentResourceCreate(id, secret);
            added = true;
        }
        return added;
    }
}
