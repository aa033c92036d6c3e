package io.llmgw;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.llmgw.api.v1alpha1.CredentialSpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;
import io.llmgw.api.v1alpha1.ModelSpec;
import io.llmgw.api.v1alpha1.NetworkPolicySpec;
import io.llmgw.api.v1alpha1.ObservabilitySpec;
import io.llmgw.api.v1alpha1.RouteSpec;
import io.llmgw.api.v1alpha1.ValueSource;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.SecretLookup;

/** Gateways for the edge dependents' tests (network policies, route, monitoring, availability). */
public final class EdgeFixtures {
    public static final String NAME = "litellm";
    public static final String NAMESPACE = "ai-system";

    private EdgeFixtures() {
    }

    /** A minimal valid gateway: one OpenAI model, no api_base. */
    public static LiteLLMGateway gateway() {
        LiteLLMGateway gw = new LiteLLMGateway();
        gw.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace(NAMESPACE).withUid("uid-1").withGeneration(1L).build());
        LiteLLMGatewaySpec spec = new LiteLLMGatewaySpec();
        spec.models = new ArrayList<>(List.of(model("gpt-4o", "openai/gpt-4o", null)));
        gw.setSpec(spec);
        return gw;
    }

    public static ModelSpec model(String name, String model, String apiBase) {
        ModelSpec m = new ModelSpec();
        m.name = name;
        m.model = model;
        m.apiBase = apiBase != null ? ValueSource.plain(apiBase) : null;
        return m;
    }

    public static CredentialSpec credential(String name, ValueSource apiBase) {
        CredentialSpec c = new CredentialSpec();
        c.name = name;
        c.apiKey = ValueSource.secret("provider-keys", name);
        c.apiBase = apiBase;
        return c;
    }

    public static NetworkPolicySpec networkPolicy(LiteLLMGateway gw) {
        if (gw.getSpec().networkPolicy == null) {
            gw.getSpec().networkPolicy = new NetworkPolicySpec();
            gw.getSpec().networkPolicy.enabled = true;
        }
        return gw.getSpec().networkPolicy;
    }

    public static NetworkPolicySpec.Cilium cilium(LiteLLMGateway gw) {
        NetworkPolicySpec np = networkPolicy(gw);
        if (np.cilium == null) {
            np.cilium = new NetworkPolicySpec.Cilium();
            np.cilium.enabled = true;
        }
        return np.cilium;
    }

    public static RouteSpec route(LiteLLMGateway gw, String namespace) {
        RouteSpec route = new RouteSpec();
        route.hostnames = List.of("litellm.example.com");
        RouteSpec.ParentRef parent = new RouteSpec.ParentRef();
        parent.name = "envoy-internal";
        parent.namespace = "network";
        parent.sectionName = "https";
        route.parentRefs = List.of(parent);
        route.namespace = namespace;
        gw.getSpec().route = route;
        return route;
    }

    public static ObservabilitySpec.Prometheus prometheus(LiteLLMGateway gw) {
        ObservabilitySpec o = gw.getSpec().observability != null ? gw.getSpec().observability : new ObservabilitySpec();
        gw.getSpec().observability = o;
        if (o.prometheus == null) {
            o.prometheus = new ObservabilitySpec.Prometheus();
            o.prometheus.enabled = true;
        }
        return o.prometheus;
    }

    public static ObservabilitySpec observability(LiteLLMGateway gw) {
        if (gw.getSpec().observability == null) {
            gw.getSpec().observability = new ObservabilitySpec();
        }
        return gw.getSpec().observability;
    }

    /** The validated model, as the operator and the offline render build it; fails on an invalid fixture. */
    public static GatewayModel model(LiteLLMGateway gw) {
        GatewayModel.Result result = GatewayModel.build(gw, SecretLookup.offline());
        if (!result.valid()) {
            throw new AssertionError("fixture gateway is invalid: " + result.problems());
        }
        return result.model();
    }
}
