package io.llmgw.operator.status;

import static io.llmgw.api.v1alpha1.ConditionTypes.ROUTE_ACCEPTED;

import java.util.List;
import java.util.Set;

import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.model.GatewayModel;
import io.llmgw.operator.state.ObservedState;
import io.llmgw.operator.state.OptionalApi;

/** RouteAccepted: whether the HTTPRoute's parent Gateways accepted it. */
final class RouteVerdict {
    private RouteVerdict() {
    }

    static ComponentVerdict of(GatewayModel model, ObservedState observed, Set<OptionalApi> missingCrds) {
        if (!model.routeEnabled()) {
            return ComponentVerdict.serves(ROUTE_ACCEPTED, ConditionReason.NOT_REQUIRED, "no route configured");
        }
        var crdMissing = OptionalApiVerdict.crdMissing(ROUTE_ACCEPTED, model, missingCrds);
        if (crdMissing.isPresent()) {
            return crdMissing.get();
        }
        if (observed.routeAccepted()) {
            return ComponentVerdict.serves(ROUTE_ACCEPTED, ConditionReason.ACCEPTED, "HTTPRoute accepted by its parents");
        }
        List<String> rejections = observed.routeRejections();
        return rejections.isEmpty()
                ? ComponentVerdict.waits(ROUTE_ACCEPTED, ConditionReason.PENDING, "HTTPRoute not yet accepted by its parent Gateway")
                : ComponentVerdict.waits(ROUTE_ACCEPTED, ConditionReason.NOT_ACCEPTED, "HTTPRoute not accepted: " + String.join("; ", rejections));
    }
}
