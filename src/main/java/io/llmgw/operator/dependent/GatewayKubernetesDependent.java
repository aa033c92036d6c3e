package io.llmgw.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.operator.state.GatewayContext;

/**
 * The base of every dependent: JOSDK's {@code desired(primary, context)} answered by the pure
 * {@link #desired(io.llmgw.model.GatewayModel)} of the reconcile's model, and the object found by its name. What JOSDK
 * may do with the object is said by the capability interfaces each subclass implements (as JOSDK's samples do):
 * {@code Creator}, {@code Updater}, {@code GarbageCollected} (owned, deleted with the gateway or when the spec drops
 * it) or {@code Deleter} (not owned: deleted by the operator). {@link GatewayResource} is the common all-of-them case.
 */
public abstract class GatewayKubernetesDependent<R extends HasMetadata> extends KubernetesDependentResource<R, LiteLLMGateway>
        implements GatewayDependent<R> {

    protected GatewayKubernetesDependent(Class<R> type) {
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
     * informer cannot see, because someone removed its managed-by label, it fails with a conflict. Such an object is
     * then read and applied over, which restores the label, instead of wedging the gateway on the same conflict at
     * every reconcile. The create is tried first: reading before every create cost a request per new object.
     * Dependents that never update (generated Secrets, Backups) override this with their own rule.
     */
    @Override
    public R create(R desired, LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        try {
            return super.create(desired, primary, context);
        } catch (KubernetesClientException e) {
            desired.getMetadata().setResourceVersion(null);
            R existing = CreateOnly.existingAfter(e, context.getClient(), desired);
            return update(existing, desired, primary, context);
        }
    }
}
