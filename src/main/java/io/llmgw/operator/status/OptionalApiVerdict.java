package io.llmgw.operator.status;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.model.GatewayModel;
import io.llmgw.operator.state.OptionalApi;

/** The verdicts that depend on optional APIs (CloudNativePG, Gateway API, Prometheus Operator, Cilium). */
final class OptionalApiVerdict {
    private OptionalApiVerdict() {
    }

    /**
     * A condition that only reports objects of optional APIs (monitoring, Cilium): NotRequired when the spec asks
     * for none, CRDMissing when one of their CRDs is absent, else Applied naming each object.
     */
    static ComponentVerdict of(String type, GatewayModel model, Set<OptionalApi> missingCrds) {
        List<String> objects = Arrays.stream(OptionalApi.values()).filter(api -> type.equals(api.condition()) && api.wantedBy(model))
                .map(api -> api.creates(model)).toList();
        if (objects.isEmpty()) {
            return ComponentVerdict.serves(type, ConditionReason.NOT_REQUIRED, "not enabled in the spec");
        }
        return crdMissing(type, model, missingCrds)
                .orElseGet(() -> ComponentVerdict.serves(type, ConditionReason.APPLIED, String.join(", ", objects) + " applied"));
    }

    /** CRDMissing for {@code type}, naming every absent CRD it depends on and what it would create; none when all are served. */
    static Optional<ComponentVerdict> crdMissing(String type, GatewayModel model, Set<OptionalApi> missingCrds) {
        List<String> missing = missingCrds.stream().filter(api -> type.equals(api.condition())).map(api -> api.missingMessage(model))
                .toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        ConditionReason reason = ConditionReason.CRD_MISSING;
        return Optional.of(ComponentVerdict.stalls(type, reason, reason.wire() + ": " + String.join("; ", missing)));
    }
}
