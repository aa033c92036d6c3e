package io.llmgw.operator.status;

import static io.llmgw.api.v1alpha1.ConditionTypes.CACHE_READY;

import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.model.GatewayModel;
import io.llmgw.operator.state.ObservedState;

/** CacheReady: the managed Dragonfly Deployment's availability; an external Redis is not probed. */
final class CacheVerdict {
    private CacheVerdict() {
    }

    static ComponentVerdict of(GatewayModel model, ObservedState observed) {
        if (!model.hasCache()) {
            return ComponentVerdict.serves(CACHE_READY, ConditionReason.NOT_REQUIRED, "no cache configured");
        }
        if (!model.managedCache()) {
            return ComponentVerdict.serves(CACHE_READY, ConditionReason.EXTERNAL, "external Redis (not probed by the operator)");
        }
        String cache = "Dragonfly " + model.names().cache();
        return observed.cacheReady()
                ? ComponentVerdict.serves(CACHE_READY, ConditionReason.READY, cache + " available")
                : ComponentVerdict.waits(CACHE_READY, ConditionReason.PROGRESSING, cache + " not available yet");
    }
}
