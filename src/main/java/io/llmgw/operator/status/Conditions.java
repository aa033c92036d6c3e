package io.llmgw.operator.status;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.llmgw.api.v1alpha1.ConditionReason;

/**
 * Builds a condition list that keeps each condition's lastTransitionTime while its status stays the same, so an
 * unchanged gateway produces an identical status (and no write).
 */
final class Conditions {
    static final String TRUE = "True";
    static final String FALSE = "False";

    private final List<Condition> previous;
    private final List<Condition> next = new ArrayList<>();
    private final long generation;
    private final Clock clock;

    Conditions(List<Condition> previous, long generation, Clock clock) {
        this.previous = previous != null ? previous : List.of();
        this.generation = generation;
        this.clock = clock;
    }

    Conditions set(String type, boolean status, ConditionReason reason, String message) {
        return keep(type, status, reason.wire(), message);
    }

    /** Sets a condition with a reason as it was recorded (a previous condition, a stored rejection), not decided now. */
    Conditions keep(String type, boolean status, String reason, String message) {
        String value = status ? TRUE : FALSE;
        String time = find(previous, type).filter(c -> value.equals(c.getStatus())).map(Condition::getLastTransitionTime)
                .orElseGet(() -> Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        next.removeIf(c -> c.getType().equals(type));
        next.add(new ConditionBuilder().withType(type).withStatus(value).withReason(reason).withMessage(message)
                .withObservedGeneration(generation).withLastTransitionTime(time).build());
        return this;
    }

    /** A previous condition again, as it was recorded (only its lastTransitionTime and observedGeneration follow). */
    Conditions keep(Condition recorded) {
        return keep(recorded.getType(), TRUE.equals(recorded.getStatus()), recorded.getReason(), recorded.getMessage());
    }

    List<Condition> build() {
        return List.copyOf(next);
    }

    static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty() : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
    }
}
