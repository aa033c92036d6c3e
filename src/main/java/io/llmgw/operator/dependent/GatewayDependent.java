package io.llmgw.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.llmgw.model.GatewayModel;

/**
 * A managed object of a gateway. {@link #desired(GatewayModel)} is pure: it reads only the validated model,
 * makes no API calls, and is shared by the reconciler and the offline {@code render} command.
 */
public interface GatewayDependent<R extends HasMetadata> {
    R desired(GatewayModel model);

    /** Whether the spec asks for this object; when it stops asking, the object is deleted (if deletable). */
    default boolean enabled(GatewayModel model) {
        return true;
    }
}
