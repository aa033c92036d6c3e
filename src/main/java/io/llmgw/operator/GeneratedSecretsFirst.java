package io.llmgw.operator;

import java.util.List;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.operator.dependent.CacheSecretDependent;
import io.llmgw.operator.dependent.CreateOnly;
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
            Secret desired = generated.desired(model);
            if (generated instanceof GarbageCollected<?>) {
                // What JOSDK adds when its dependent creates it.
                desired.getMetadata().setOwnerReferences(List.of(Meta.ownerOf(model.gateway())));
            }
            Secret secret = createOnly(desired, context);
            // Seen by the lookups of this reconcile and the dependent's, and its own event not redelivered.
            source.handleRecentResourceCreate(id, secret);
            added = true;
        }
        return added;
    }

    /**
     * Applies a new Secret, or returns the one that exists: the cache may lag behind the API server, and new values
     * must never be applied over existing keys. The resourceVersion makes the apply create-only (as JOSDK's own
     * create does): an existing Secret answers 409 and is read instead, so a new gateway costs one request, not two.
     */
    private static Secret createOnly(Secret desired, Context<LiteLLMGateway> context) {
        var client = context.getClient();
        desired.getMetadata().setResourceVersion(CreateOnly.RESOURCE_VERSION);
        try {
            return client.resource(desired).fieldManager(context.getControllerConfiguration().fieldManager()).serverSideApply();
        } catch (KubernetesClientException e) {
            return CreateOnly.existingAfter(e, client, desired);
        }
    }
}
