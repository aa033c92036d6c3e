package io.llmgw.operator.state;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;

/**
 * The last configuration that became Ready, kept in a ConfigMap the gateway owns: the spec it was rendered from
 * (Secrets only by reference, as in the spec itself), its generation and config hash, and the generation that
 * failed and was rolled back, if any. The spec rather than the rendered objects, so a rollback re-renders with
 * today's Secrets and today's operator, consistently for every object.
 */
public final class LastGoodConfiguration {
    static final String SPEC_KEY = "spec.json";
    static final String GENERATION = "llmgw.io/generation";
    static final String REJECTED_GENERATION = "llmgw.io/rejected-generation";
    static final String REJECTED_REASON = "llmgw.io/rejected-reason";
    static final String REJECTED_MESSAGE = "llmgw.io/rejected-message";

    /**
     * A generation that failed at its progress deadline and was rolled back. {@code reason} is the pod fault's
     * condition reason as stored in the ConfigMap's annotation: a string, since what is read back may have been edited.
     */
    public record Rejection(long generation, String reason, String message) {
    }

    public record Snapshot(long generation, String configHash, String specJson, Optional<Rejection> rejected) {
        public LiteLLMGatewaySpec spec() {
            return Serialization.unmarshal(specJson, LiteLLMGatewaySpec.class);
        }

        Snapshot rejecting(Rejection rejection) {
            return new Snapshot(generation, configHash, specJson, Optional.of(rejection));
        }
    }

    private LastGoodConfiguration() {
    }

    /** The snapshot of the gateway, from the informer of the operator's ConfigMaps; none before a first Ready. */
    public static Optional<Snapshot> read(GatewayModel model, Context<LiteLLMGateway> context) {
        String name = model.names().lastGood();
        return context.getSecondaryResourcesAsStream(ConfigMap.class, true)
                .filter(cm -> name.equals(cm.getMetadata().getName()) && model.namespace().equals(cm.getMetadata().getNamespace()))
                .findFirst().flatMap(LastGoodConfiguration::parse);
    }

    static Optional<Snapshot> parse(ConfigMap configMap) {
        Map<String, String> annotations = configMap.getMetadata().getAnnotations();
        String spec = configMap.getData() != null ? configMap.getData().get(SPEC_KEY) : null;
        if (annotations == null || spec == null || !annotations.containsKey(GENERATION)) {
            return Optional.empty();
        }
        try {
            Optional<Rejection> rejected = Optional.ofNullable(annotations.get(REJECTED_GENERATION)).map(g -> new Rejection(
                    Long.parseLong(g), annotations.getOrDefault(REJECTED_REASON, "Unknown"), annotations.getOrDefault(REJECTED_MESSAGE, "")));
            return Optional.of(new Snapshot(Long.parseLong(annotations.get(GENERATION)), annotations.get(Names.CONFIG_HASH_ANNOTATION),
                    spec, rejected));
        } catch (NumberFormatException edited) {
            // Someone edited the annotations: no rollback target rather than a crash; the next Ready rewrites it.
            return Optional.empty();
        }
    }

    /**
     * Whether {@code stored} already records the gateway's current, Ready generation: checked before the spec is
     * serialised, so a converged gateway's reconcile costs no JSON and no write.
     */
    public static boolean records(Optional<Snapshot> stored, LiteLLMGateway gateway, GatewayModel model) {
        return stored.filter(s -> s.generation() == gateway.getMetadata().getGeneration() && s.rejected().isEmpty()
                && s.configHash().equals(model.configHash())).isPresent();
    }

    /** The snapshot of a gateway whose current generation is Ready. */
    public static Snapshot of(LiteLLMGateway gateway, GatewayModel model) {
        return new Snapshot(gateway.getMetadata().getGeneration(), model.configHash(), Serialization.asJson(gateway.getSpec()),
                Optional.empty());
    }

    static ConfigMap desired(GatewayModel model, Snapshot snapshot) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(GENERATION, Long.toString(snapshot.generation()));
        annotations.put(Names.CONFIG_HASH_ANNOTATION, snapshot.configHash());
        snapshot.rejected().ifPresent(r -> {
            annotations.put(REJECTED_GENERATION, Long.toString(r.generation()));
            annotations.put(REJECTED_REASON, r.reason());
            annotations.put(REJECTED_MESSAGE, r.message());
        });
        ObjectMeta meta = Meta.of(model, model.names().lastGood(), Names.PROXY, annotations);
        meta.setOwnerReferences(List.of(Meta.ownerOf(model.gateway())));
        return new ConfigMapBuilder().withMetadata(meta).withData(Map.of(SPEC_KEY, snapshot.specJson())).build();
    }

    /** Writes the snapshot when it differs from the one stored (a new Ready generation, or a new rejection). */
    public static Optional<ConfigMap> store(GatewayModel model, Snapshot snapshot, Optional<Snapshot> stored, Context<LiteLLMGateway> context) {
        if (stored.isPresent() && stored.get().equals(snapshot)) {
            return Optional.empty();
        }
        return Optional.of(context.getClient().resource(desired(model, snapshot))
                .fieldManager(context.getControllerConfiguration().fieldManager()).forceConflicts().serverSideApply());
    }
}
