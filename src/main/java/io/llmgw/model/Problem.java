package io.llmgw.model;

/**
 * Something wrong with a gateway spec that the CRD schema could not catch. {@code reason} is a CamelCase
 * condition reason; {@code message} is for humans and never contains a secret value.
 */
public record Problem(String reason, String message) {
    public static Problem of(String reason, String message, Object... args) {
        return new Problem(reason, String.format(message, args));
    }
}
