package io.llmgw.operator;

import java.util.Optional;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Problem;
import io.llmgw.operator.state.ObservedState;

/**
 * Guards the generated master and salt key: the operator generates them for a new gateway only. Once a gateway had
 * them (remembered in {@code status.generatedKeysSecret}) or has a managed database (which holds data encrypted
 * with the salt key), a missing keys Secret is lost data, and generating new keys would silently make every
 * credential LiteLLM stored unreadable: the gateway stops with KeysSecretMissing until the Secret is restored or
 * the user asks for new keys with {@value #REGENERATE_ANNOTATION}.
 */
public final class GeneratedKeys {
    public static final String REGENERATE_ANNOTATION = "llmgw.io/regenerate-keys";

    private GeneratedKeys() {
    }

    static Optional<Problem> lost(LiteLLMGateway gateway, GatewayModel model, Context<LiteLLMGateway> context) {
        if (!model.generatesKeys() || model.generatedKeysPresent()) {
            return Optional.empty();
        }
        boolean hadKeys = gateway.getStatus() != null && gateway.getStatus().generatedKeysSecret != null;
        boolean hasData = model.managedDatabase() && ObservedState.clusterOf(model, context).isPresent();
        if (!hadKeys && !hasData) {
            return Optional.empty();
        }
        var annotations = gateway.getMetadata().getAnnotations();
        if (annotations != null && "true".equals(annotations.get(REGENERATE_ANNOTATION))) {
            return Optional.empty();
        }
        // The Secret informer may not have seen the operator's own create yet: ask the API server before stopping.
        String secret = model.names().keysSecret();
        if (context.getClient().secrets().inNamespace(model.namespace()).withName(secret).get() != null) {
            return Optional.empty();
        }
        return Optional.of(Problem.of(ConditionReason.KEYS_SECRET_MISSING, "the generated keys Secret %s/%s is gone after %s; new keys would make every "
                + "credential LiteLLM encrypted in its database unreadable and change the master key. Restore the Secret from "
                + "backup, or annotate the gateway %s=true to generate new keys knowingly (see docs/operations.md)",
                model.namespace(), secret, hadKeys ? "the gateway used it" : "the database was created", REGENERATE_ANNOTATION));
    }
}
