package io.llmgw.model;

import java.util.List;

import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;

/**
 * The checks of one section of a gateway spec. Every section reports into the lists the builder shares, so the
 * problems and warnings come out in the order the builder calls the checks, whichever section they belong to.
 */
abstract class SpecSection {
    /** What the checks read (the spec, its names, the Secrets) and where they report: one per build. */
    record Context(LiteLLMGatewaySpec spec, Names names, SecretLookup secrets, List<Problem> problems, List<String> warnings) {
    }

    final LiteLLMGatewaySpec spec;
    final Names names;
    final SecretLookup secrets;
    /** Any problem refuses the spec. */
    final List<Problem> problems;
    /** Warnings go to status and render; the spec is still built. */
    final List<String> warnings;

    SpecSection(Context context) {
        this.spec = context.spec();
        this.names = context.names();
        this.secrets = context.secrets();
        this.problems = context.problems();
        this.warnings = context.warnings();
    }

    /** The most proxy pods that may run at once: replicas, or the autoscaler's maximum when it is higher. */
    int maxReplicas() {
        int replicas = spec.replicas != null ? spec.replicas : 1;
        var a = spec.availability;
        if (spec.autoscaled() && a.autoscaling.maxReplicas != null) {
            replicas = Math.max(replicas, a.autoscaling.maxReplicas);
        }
        return replicas;
    }
}
