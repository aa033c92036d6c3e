package io.llmgw;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;
import io.llmgw.api.v1alpha1.ModelSpec;
import io.llmgw.api.v1alpha1.ValueSource;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.SecretLookup;

/** Gateways for unit tests: a valid minimal one to start from, and the offline model built from it. */
public final class TestGateways {
    public static final String NAMESPACE = "ai-system";
    public static final String NAME = "gw";
    public static final String UID = "0b7e6a4c-5f1d-4c2e-9a8b-3d2f1e0c9b8a";

    private TestGateways() {
    }

    /** A valid gateway {@code gw} in {@code ai-system} with one model. */
    public static LiteLLMGateway minimal() {
        return minimal(NAMESPACE, NAME);
    }

    /** A valid gateway with one model (gpt-4o-mini, key from Secret openai/api-key) and a uid, as the API server would set. */
    public static LiteLLMGateway minimal(String namespace, String name) {
        LiteLLMGateway gateway = new LiteLLMGateway();
        gateway.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withUid(UID).withGeneration(1L).build());
        LiteLLMGatewaySpec spec = new LiteLLMGatewaySpec();
        spec.models = new ArrayList<>(List.of(model("gpt-4o-mini", "openai/gpt-4o-mini")));
        gateway.setSpec(spec);
        return gateway;
    }

    /** A model entry whose key comes from Secret {@code openai}, key {@code api-key}. */
    public static ModelSpec model(String name, String providerModel) {
        ModelSpec model = new ModelSpec();
        model.name = name;
        model.model = providerModel;
        model.apiKey = ValueSource.secret("openai", "api-key");
        return model;
    }

    /** The model the dependents read, built offline (no Secret lookups); fails when the gateway is refused. */
    public static GatewayModel model(LiteLLMGateway gateway) {
        GatewayModel.Result result = GatewayModel.build(gateway, SecretLookup.offline());
        if (!result.valid()) {
            throw new AssertionError("test gateway refused: " + result.problems());
        }
        return result.model();
    }
}
