package io.llmgw.operator.state;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.SecretLookup;

/** Access to the per-reconcile model that the reconciler computes before running the workflow. */
public final class GatewayContext {
    private GatewayContext() {
    }

    public static GatewayModel model(Context<LiteLLMGateway> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(GatewayModel.CONTEXT_KEY, GatewayModel.class);
    }

    /** The gateway's namespace Secrets, from the informer that watches referenced Secrets (synced at start). */
    public static SecretLookup secrets(LiteLLMGateway gateway, Context<LiteLLMGateway> context) {
        var source = secretSource(context);
        String namespace = gateway.getMetadata().getNamespace();
        return SecretLookup.of(name -> source.get(new ResourceID(name, namespace)).orElse(null));
    }

    /** The one Secret informer: referenced Secrets and the generated ones. */
    @SuppressWarnings("unchecked")
    public static InformerEventSource<Secret, LiteLLMGateway> secretSource(Context<LiteLLMGateway> context) {
        return (InformerEventSource<Secret, LiteLLMGateway>) context.eventSourceRetriever()
                .getEventSourceFor(Secret.class, Informers.SECRETS);
    }

    public static void put(Context<LiteLLMGateway> context, GatewayModel model) {
        context.managedWorkflowAndDependentResourceContext().put(GatewayModel.CONTEXT_KEY, model);
    }
}
