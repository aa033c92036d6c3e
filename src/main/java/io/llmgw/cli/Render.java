package io.llmgw.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.SecretLookup;
import io.llmgw.operator.LiteLLMGatewayReconciler;
import io.llmgw.operator.condition.EnabledInSpec;
import io.llmgw.operator.dependent.GatewayDependent;
import io.llmgw.operator.dependent.PreUpgradeBackupDependent;

/**
 * What the operator would apply for a gateway, computed offline by the same dependents the reconciler runs
 * (read from its {@link Workflow}), in workflow order. Secret values are replaced by a placeholder.
 */
public final class Render {
    public static final String GENERATED = "<generated once by the operator>";

    private Render() {
    }

    public static List<HasMetadata> objects(GatewayModel model) {
        List<HasMetadata> objects = new ArrayList<>();
        for (Dependent d : LiteLLMGatewayReconciler.class.getAnnotation(Workflow.class).dependents()) {
            GatewayDependent<?> dependent = instantiate(d.type());
            if (EnabledInSpec.class.isAssignableFrom(d.reconcilePrecondition()) && !dependent.enabled(model)) {
                continue;
            }
            if (dependent instanceof PreUpgradeBackupDependent) {
                // Only created when a running gateway changes its image: nothing a spec alone renders.
                continue;
            }
            HasMetadata object = dependent.desired(model);
            objects.add(object instanceof Secret secret ? masked(secret) : object);
        }
        return objects;
    }

    /** Validates and renders; the result holds the problems when the spec is refused. */
    public static GatewayModel.Result model(LiteLLMGateway gateway, String defaultNamespace) {
        if (gateway.getMetadata().getNamespace() == null) {
            gateway.getMetadata().setNamespace(defaultNamespace);
        }
        return GatewayModel.build(gateway, SecretLookup.offline());
    }

    private static Secret masked(Secret secret) {
        Map<String, String> masked = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().keySet().forEach(k -> masked.put(k, GENERATED));
        }
        secret.setData(null);
        secret.setStringData(masked);
        return secret;
    }

    private static GatewayDependent<?> instantiate(Class<?> type) {
        try {
            return (GatewayDependent<?>) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate dependent " + type.getName(), e);
        }
    }
}
