package io.llmgw.operator.status;

import static io.llmgw.api.v1alpha1.ConditionTypes.READY;
import static io.llmgw.api.v1alpha1.ConditionTypes.RECONCILING;
import static io.llmgw.api.v1alpha1.ConditionTypes.STALLED;

import java.util.ArrayList;
import java.util.List;

import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.operator.status.ComponentVerdict.Weight;

/**
 * Collects the verdict of each component and writes them with the gateway's kstatus verdict: Ready when every
 * component serves and every object was applied; else Stalled with the first component that needs the user (its
 * reason, every such message); else Reconciling with what is on its way.
 */
final class StatusAggregator {
    private final List<ComponentVerdict> verdicts = new ArrayList<>();
    private final List<String> applyErrors = new ArrayList<>();

    StatusAggregator add(ComponentVerdict verdict) {
        verdicts.add(verdict);
        return this;
    }

    StatusAggregator addAll(List<ComponentVerdict> more) {
        verdicts.addAll(more);
        return this;
    }

    /** Objects the API server refused to apply this time: the workflow retries them, so the gateway is on its way. */
    StatusAggregator applyErrors(List<String> errors) {
        applyErrors.addAll(errors);
        return this;
    }

    void writeTo(Conditions conditions, String servingMessage) {
        verdicts.forEach(v -> conditions.set(v.type(), v.status(), v.reason(), v.message()));
        List<ComponentVerdict> stalled = weighing(Weight.STALLS);
        List<String> waiting = new ArrayList<>(weighing(Weight.WAITS).stream().map(ComponentVerdict::message).toList());
        if (!applyErrors.isEmpty()) {
            waiting.add("apply errors (retrying): " + String.join("; ", applyErrors));
        }
        if (stalled.isEmpty() && waiting.isEmpty()) {
            conditions.set(READY, true, ConditionReason.READY, servingMessage);
            conditions.set(RECONCILING, false, ConditionReason.READY, "converged");
            conditions.set(STALLED, false, ConditionReason.READY, "converged");
        } else if (!stalled.isEmpty()) {
            ConditionReason reason = stalled.get(0).reason();
            String message = String.join("; ", stalled.stream().map(ComponentVerdict::message).toList());
            conditions.set(READY, false, reason, message);
            conditions.set(RECONCILING, false, reason, "waiting for the user: " + message);
            conditions.set(STALLED, true, reason, message);
        } else {
            String message = String.join("; ", waiting);
            conditions.set(READY, false, ConditionReason.PROGRESSING, message);
            conditions.set(RECONCILING, true, ConditionReason.PROGRESSING, message);
            conditions.set(STALLED, false, ConditionReason.PROGRESSING, message);
        }
    }

    private List<ComponentVerdict> weighing(Weight weight) {
        return verdicts.stream().filter(v -> v.weight() == weight).toList();
    }
}
