package io.llmgw.operator;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** What the reconciler writes about an exception: short, and for the status without anything it cannot vouch for. */
final class ErrorText {
    private ErrorText() {
    }

    /**
     * An unexpected error, for the status: the API server's answer when the Kubernetes client failed (it names
     * objects, never a Secret's data); otherwise the exception's class only, since its message may quote whatever
     * the code was handling, a Secret's value included. The log has the whole exception.
     */
    static String forStatus(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof KubernetesClientException api) {
                // The Status the API server answered says what was refused and why; the client's own text leads with the URL.
                String answer = api.getStatus() != null && api.getStatus().getMessage() != null
                        ? api.getCode() + " " + firstLine(api.getStatus().getMessage())
                        : firstLine(api.getMessage());
                return api.getClass().getSimpleName() + ": " + answer;
            }
        }
        return e.getClass().getSimpleName() + " (details in the operator log)";
    }

    private static String firstLine(String text) {
        String message = String.valueOf(text);
        int newline = message.indexOf('\n');
        message = newline > 0 ? message.substring(0, newline) : message;
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }
}
