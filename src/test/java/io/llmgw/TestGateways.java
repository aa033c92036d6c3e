package io.llmgw;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.llmgw.api.v1alpha1.BackupSpec;
import io.llmgw.api.v1alpha1.CredentialSpec;
import io.llmgw.api.v1alpha1.IngressSpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.ModelSpec;
import io.llmgw.api.v1alpha1.NetworkPolicySpec;
import io.llmgw.api.v1alpha1.ObservabilitySpec;
import io.llmgw.api.v1alpha1.RouteSpec;
import io.llmgw.api.v1alpha1.ValueSource;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.SecretLookup;

/**
 * The one place to get a LiteLLMGateway in a unit test (the integration tier's helpers for a live API server are
 * {@code io.llmgw.it.support.Gateways}).
 *
 * <p>A gateway is written as the YAML a user applies, so a test reads like the spec it checks, e.g.
 * {@code TestGateways.model(ONE_MODEL + "database: {type: CloudNativePG}")}. The named starting points are that YAML
 * too; they differ in name, namespace and model because the tests built on them assert the names derived from them:
 * <ul>
 * <li>{@link #gateway(String)}: "gw" in "ns" with the spec given (model, rendering and status tests);
 * <li>{@link #minimal()}, {@link #cnpg()}, {@link #production()}: "gw" in "ai-system" (cache and database
 * dependents);
 * <li>{@link #litellm()}: "litellm" in "ai-system" (network policy, route, monitoring and availability dependents).
 * </ul>
 * The builders after them fill one section of a gateway a test already holds, for tests that vary a starting point
 * step by step. {@link #model(LiteLLMGateway)} builds, offline, the model the dependents read.
 */
public final class TestGateways {
    public static final String NAMESPACE = "ai-system";
    public static final String NAME = "gw";
    /** The uid of the named starting points, as the API server would set one. */
    public static final String UID = "0b7e6a4c-5f1d-4c2e-9a8b-3d2f1e0c9b8a";

    /** A spec body with one model whose key comes from Secret {@code openai}, key {@code api-key}. */
    public static final String ONE_MODEL = """
            models:
              - name: gpt-4o
                model: openai/gpt-4o
                apiKey:
                  secretKeyRef: {name: openai, key: api-key}
            """;

    private static final String ONE_MINI_MODEL = """
            models:
              - name: gpt-4o-mini
                model: openai/gpt-4o-mini
                apiKey:
                  secretKeyRef: {name: openai, key: api-key}
            """;

    private TestGateways() {
    }

    // --- written as YAML -----------------------------------------------------------------------------------------

    /** A LiteLLMGateway "gw" in namespace "ns" with the given spec body (the YAML under {@code spec:}). */
    public static LiteLLMGateway gateway(String specYaml) {
        return gateway("ns", NAME, null, specYaml);
    }

    /** The model of {@link #gateway(String)}, built offline; fails when the spec is refused. */
    public static GatewayModel model(String specYaml) {
        return model(gateway(specYaml));
    }

    /** A Secret in namespace "ns" (that of {@link #gateway(String)}) holding {@code values}. */
    public static Secret secret(String name, Map<String, String> values) {
        SecretBuilder b = new SecretBuilder().withNewMetadata().withName(name).withNamespace("ns").endMetadata();
        values.forEach((k, v) -> b.addToData(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return b.build();
    }

    // --- named starting points -----------------------------------------------------------------------------------

    /** "gw" in ai-system with one model: gpt-4o-mini, its key from Secret openai, key api-key. */
    public static LiteLLMGateway minimal() {
        return gateway(NAMESPACE, NAME, UID, ONE_MINI_MODEL);
    }

    /** {@link #minimal()} with a managed CloudNativePG database and nothing else set. */
    public static LiteLLMGateway cnpg() {
        return gateway(NAMESPACE, NAME, UID, ONE_MINI_MODEL + "database: {type: CloudNativePG}\n");
    }

    /** The migrated production setup: 3 instances, pgvector, local-path storage, tuned parameters, backups, metrics. */
    public static LiteLLMGateway production() {
        return gateway(NAMESPACE, NAME, UID, ONE_MINI_MODEL + """
                database:
                  type: CloudNativePG
                  cloudNativePG:
                    instances: 3
                    storage: {size: 20Gi, storageClass: local-path}
                    resources:
                      requests: {cpu: 250m, memory: 512Mi}
                      limits: {cpu: "1", memory: 1Gi}
                    parameters: {max_connections: "100", shared_buffers: 256MB}
                    pgvector: true
                    priorityClassName: database-critical
                backup:
                  destinationPath: s3://litellm-backups/gw
                  endpointURL: http://rustfs.storage.svc.cluster.local:9000
                  s3Credentials:
                    accessKeyId: {name: rustfs-backup, key: ACCESS_KEY_ID}
                    secretAccessKey: {name: rustfs-backup, key: ACCESS_SECRET_KEY}
                    region: {name: rustfs-backup, key: REGION}
                observability:
                  prometheus: {enabled: true}
                """);
    }

    /** "litellm" in ai-system with one OpenAI model (no key, no api_base). */
    public static LiteLLMGateway litellm() {
        return gateway(NAMESPACE, "litellm", UID, """
                models:
                  - {name: gpt-4o, model: openai/gpt-4o}
                """);
    }

    private static LiteLLMGateway gateway(String namespace, String name, String uid, String specYaml) {
        String yaml = "apiVersion: llmgw.io/v1alpha1\nkind: LiteLLMGateway\nmetadata:\n  name: " + name + "\n  namespace: " + namespace
                + "\n" + (uid != null ? "  uid: " + uid + "\n" : "") + "  generation: 1\nspec:\n" + indent(specYaml);
        return Serialization.unmarshal(yaml, LiteLLMGateway.class);
    }

    private static String indent(String yaml) {
        return yaml.stripIndent().lines().map(l -> "  " + l + "\n").reduce("", String::concat);
    }

    // --- builders: fill one section of a gateway a test holds ----------------------------------------------------

    /** Backups to the S3-compatible store at rustfs, its keys from Secret rustfs-backup; returns {@code gateway}. */
    public static LiteLLMGateway withBackup(LiteLLMGateway gateway) {
        gateway.getSpec().backup = Serialization.unmarshal("""
                destinationPath: s3://litellm-backups/gw
                endpointURL: http://rustfs.storage.svc.cluster.local:9000
                s3Credentials:
                  accessKeyId: {name: rustfs-backup, key: ACCESS_KEY_ID}
                  secretAccessKey: {name: rustfs-backup, key: ACCESS_SECRET_KEY}
                """, BackupSpec.class);
        return gateway;
    }

    /** Prometheus metrics on; returns {@code gateway}. */
    public static LiteLLMGateway withPrometheus(LiteLLMGateway gateway) {
        prometheus(gateway);
        return gateway;
    }

    /** A model entry with no key, and the api_base given (none when null). */
    public static ModelSpec modelEntry(String name, String model, String apiBase) {
        ModelSpec m = new ModelSpec();
        m.name = name;
        m.model = model;
        m.apiBase = apiBase != null ? ValueSource.plain(apiBase) : null;
        return m;
    }

    /** A credential whose key comes from Secret provider-keys, key {@code name}. */
    public static CredentialSpec credential(String name, ValueSource apiBase) {
        CredentialSpec c = new CredentialSpec();
        c.name = name;
        c.apiKey = ValueSource.secret("provider-keys", name);
        c.apiBase = apiBase;
        return c;
    }

    /** The gateway's network policy, switched on when it had none. */
    public static NetworkPolicySpec networkPolicy(LiteLLMGateway gw) {
        if (gw.getSpec().networkPolicy == null) {
            gw.getSpec().networkPolicy = new NetworkPolicySpec();
            gw.getSpec().networkPolicy.enabled = true;
        }
        return gw.getSpec().networkPolicy;
    }

    /** The gateway's Cilium policy, switched on (with the network policy) when it had none. */
    public static NetworkPolicySpec.Cilium cilium(LiteLLMGateway gw) {
        NetworkPolicySpec np = networkPolicy(gw);
        if (np.cilium == null) {
            np.cilium = new NetworkPolicySpec.Cilium();
            np.cilium.enabled = true;
        }
        return np.cilium;
    }

    /** An HTTPRoute for litellm.example.com on Gateway network/envoy-internal, created in {@code namespace}. */
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

    /** An Ingress for litellm.example.com on IngressClass nginx, without TLS. */
    public static IngressSpec ingress(LiteLLMGateway gw) {
        IngressSpec ingress = new IngressSpec();
        ingress.className = "nginx";
        ingress.hosts = List.of("litellm.example.com");
        gw.getSpec().ingress = ingress;
        return ingress;
    }

    /** A TLS entry of an Ingress: {@code secretName} serving {@code hosts}. */
    public static IngressSpec.Tls tls(String secretName, String... hosts) {
        IngressSpec.Tls tls = new IngressSpec.Tls();
        tls.secretName = secretName;
        tls.hosts = List.of(hosts);
        return tls;
    }

    /** The gateway's Prometheus settings, switched on when it had none. */
    public static ObservabilitySpec.Prometheus prometheus(LiteLLMGateway gw) {
        ObservabilitySpec o = observability(gw);
        if (o.prometheus == null) {
            o.prometheus = new ObservabilitySpec.Prometheus();
            o.prometheus.enabled = true;
        }
        return o.prometheus;
    }

    /** The gateway's observability section, empty when it had none. */
    public static ObservabilitySpec observability(LiteLLMGateway gw) {
        if (gw.getSpec().observability == null) {
            gw.getSpec().observability = new ObservabilitySpec();
        }
        return gw.getSpec().observability;
    }

    // --- the model the dependents read ---------------------------------------------------------------------------

    /** The model the dependents read, built offline (no Secret lookups); fails when the gateway is refused. */
    public static GatewayModel model(LiteLLMGateway gateway) {
        GatewayModel.Result result = GatewayModel.build(gateway, SecretLookup.offline());
        if (!result.valid()) {
            throw new AssertionError("test gateway refused: " + result.problems());
        }
        return result.model();
    }
}
