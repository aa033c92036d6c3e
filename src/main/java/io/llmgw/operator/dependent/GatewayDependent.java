package io.llmgw.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;
import io.llmgw.operator.state.GatewayContext;

/**
 * A managed object of a gateway. {@link #desired(GatewayModel)} is pure: it reads only the validated model,
 * makes no API calls, and is shared by the reconciler and the offline {@code render} command.
 */
public interface GatewayDependent<R extends HasMetadata> {
    R desired(GatewayModel model);

    /** The object's name; derived from the gateway's name only, so it is known whatever the spec contains. */
    String name(GatewayModel model);

    /** Whether the spec asks for this object; when it stops asking, the object is deleted (if deletable). */
    default boolean enabled(GatewayModel model) {
        return true;
    }

    /**
     * Which existing object is this dependent's. JOSDK's default computes {@code desired()} to find out, which
     * dereferences the very section a spec just dropped when JOSDK deletes the object: so the name decides.
     */
    static ResourceID target(GatewayDependent<?> dependent, Context<LiteLLMGateway> context) {
        GatewayModel model = GatewayContext.model(context);
        return new ResourceID(dependent.name(model), model.namespace());
    }
}
