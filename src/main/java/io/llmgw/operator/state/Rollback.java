package io.llmgw.operator.state;

import java.time.Instant;
import java.util.Optional;

import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.RolloutSpec;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Names;
import io.llmgw.operator.state.LastGoodConfiguration.Rejection;
import io.llmgw.operator.state.LastGoodConfiguration.Snapshot;

/**
 * Whether to serve the last good configuration instead of the spec: when the spec's own rollout has a pod fault at
 * the Deployment's progress deadline (it will not heal by waiting), or when this generation was already rolled back
 * (it is not retried until the spec changes). Pure: the gateway, its model, the snapshot and what the informers saw.
 */
public record Rollback(Snapshot target, Rejection rejection) {

    public static Optional<Rollback> decide(LiteLLMGateway gateway, GatewayModel desired, Optional<Snapshot> lastGood,
            ObservedState observed, Instant now) {
        long generation = gateway.getMetadata().getGeneration();
        if (!RolloutSpec.autoRollback(gateway.getSpec().rollout) || lastGood.isEmpty()
                || lastGood.get().configHash().equals(desired.configHash()) || lastGood.get().generation() >= generation) {
            return Optional.empty();
        }
        Snapshot snapshot = lastGood.get();
        Optional<Rejection> earlier = snapshot.rejected().filter(r -> r.generation() == generation);
        if (earlier.isPresent()) {
            return Optional.of(new Rollback(snapshot, earlier.get()));
        }
        boolean ownRollout = observed.proxy().map(d -> d.getSpec().getTemplate().getMetadata().getAnnotations())
                .map(a -> desired.configHash().equals(a.get(Names.CONFIG_HASH_ANNOTATION))).orElse(false);
        if (!ownRollout || !observed.proxyProgressDeadlineExceeded()) {
            return Optional.empty();
        }
        return PodHealth.assess(observed.proxyPods(), now).verdict()
                .map(v -> new Rejection(generation, v.fault().reason().wire(), v.message()))
                .map(rejection -> new Rollback(snapshot.rejecting(rejection), rejection));
    }

    /** The spec's generation, rolled back: what the status and the Warning Event say. */
    public String message() {
        return "generation " + rejection.generation() + " did not roll out (" + rejection.reason() + ": " + rejection.message()
                + "); serving the configuration of generation " + target.generation() + " (config hash " + target.configHash()
                + ") until the spec changes";
    }
}
