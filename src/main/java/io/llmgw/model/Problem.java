package io.llmgw.model;

import io.llmgw.api.v1alpha1.ConditionReason;

/**
 * Something wrong with a gateway spec that the CRD schema could not catch, or that stops a valid gateway until the
 * user acts: the condition reason as data, from where the problem is found to where status is written, and a
 * {@code message} for humans that never contains a secret value.
 */
public record Problem(ConditionReason reason, String message) {
    public static Problem of(ConditionReason reason, String message, Object... args) {
        return new Problem(reason, String.format(message, args));
    }
}
