package io.llmgw.operator.status;

import io.llmgw.api.v1alpha1.ConditionReason;

/**
 * What one component says about itself, decided from the model and the observed state: its condition, and how it
 * weighs in the gateway's verdict ({@link StatusAggregator} turns the verdicts into Ready, Reconciling and Stalled).
 */
record ComponentVerdict(String type, boolean status, ConditionReason reason, String message, Weight weight) {

    enum Weight {
        /** Part of Ready, and serving. */
        SERVES,
        /** Part of Ready, on its way: the gateway is Reconciling. */
        WAITS,
        /** Part of Ready, and it will not get there without the user: the gateway is Stalled. */
        STALLS,
        /** Reported beside Ready, never part of it (the config verdict, the pods' health, backups). */
        REPORTED
    }

    static ComponentVerdict serves(String type, ConditionReason reason, String message) {
        return new ComponentVerdict(type, true, reason, message, Weight.SERVES);
    }

    static ComponentVerdict waits(String type, ConditionReason reason, String message) {
        return new ComponentVerdict(type, false, reason, message, Weight.WAITS);
    }

    static ComponentVerdict stalls(String type, ConditionReason reason, String message) {
        return new ComponentVerdict(type, false, reason, message, Weight.STALLS);
    }

    static ComponentVerdict reported(String type, boolean status, ConditionReason reason, String message) {
        return new ComponentVerdict(type, status, reason, message, Weight.REPORTED);
    }
}
