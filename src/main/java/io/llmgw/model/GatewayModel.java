package io.llmgw.model;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.llmgw.api.v1alpha1.CacheSpec;
import io.llmgw.api.v1alpha1.DatabaseSpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;
import io.llmgw.api.v1alpha1.SecretKeyRef;

/**
 * Everything the dependents need, computed and validated once per reconcile: the rendered config.yaml, the
 * container environment, the rollout hash, names and derived facts. Dependents only read it; their desired()
 * stays pure and cheap.
 */
public final class GatewayModel {
    public static final String CONTEXT_KEY = "llmgw.io/model";

    private final LiteLLMGateway gateway;
    private final Names names;
    private final String image;
    private final String configYaml;
    private final List<EnvVar> proxyEnv;
    private final Collection<SecretKeyRef> secretRefs;
    private final String configHash;
    private final String externalUrl;
    private final Egress egress;
    private final List<String> warnings;
    private final boolean generatedKeysPresent;

    GatewayModel(LiteLLMGateway gateway, Names names, String image, String configYaml, EnvPlan env, String configHash,
            String externalUrl, Egress egress, List<String> warnings, boolean generatedKeysPresent) {
        this.gateway = gateway;
        this.names = names;
        this.image = image;
        this.configYaml = configYaml;
        this.proxyEnv = env.vars();
        this.secretRefs = env.secretRefs();
        this.configHash = configHash;
        this.externalUrl = externalUrl;
        this.egress = egress;
        this.warnings = warnings;
        this.generatedKeysPresent = generatedKeysPresent;
    }

    /** The model, or why there is none. */
    public record Result(GatewayModel model, List<Problem> problems, Set<String> referencedSecrets) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** Offline: any route namespace (nothing is applied; see {@link RoutePolicy#ANY}). */
    public static Result build(LiteLLMGateway gateway, SecretLookup secrets) {
        return build(gateway, secrets, RoutePolicy.ANY);
    }

    public static Result build(LiteLLMGateway gateway, SecretLookup secrets, RoutePolicy routes) {
        return new GatewayModelBuilder(gateway, secrets, routes).build();
    }

    public LiteLLMGateway gateway() {
        return gateway;
    }

    public LiteLLMGatewaySpec spec() {
        return gateway.getSpec();
    }

    public Names names() {
        return names;
    }

    public String namespace() {
        return names.namespace();
    }

    public String image() {
        return image;
    }

    public String configYaml() {
        return configYaml;
    }

    public List<EnvVar> proxyEnv() {
        return proxyEnv;
    }

    public Collection<SecretKeyRef> secretRefs() {
        return secretRefs;
    }

    public String configHash() {
        return configHash;
    }

    public String externalUrl() {
        return externalUrl;
    }

    /** Every destination the proxy connects to, for both egress policies (see {@link Egress}). */
    public Egress egress() {
        return egress;
    }

    public List<String> warnings() {
        return warnings;
    }

    /** Model names clients can ask for (what /v1/models lists): a group of deployments counts once. */
    public int modelCount() {
        return (int) spec().models.stream().map(m -> m.name).distinct().count();
    }

    /** Entries of model_list: more than {@link #modelCount()} when names are shared by groups. */
    public int deploymentCount() {
        return spec().models.size();
    }

    public String cacheType() {
        return spec().cacheType();
    }

    public boolean managedCache() {
        return CacheSpec.DRAGONFLY.equals(cacheType());
    }

    public boolean hasCache() {
        return spec().hasCache();
    }

    public String databaseType() {
        return spec().databaseType();
    }

    public boolean managedDatabase() {
        return DatabaseSpec.CLOUDNATIVEPG.equals(databaseType());
    }

    public boolean hasDatabase() {
        return !DatabaseSpec.NONE.equals(databaseType());
    }

    /** Retain (default): the database and generated keys outlive the gateway. */
    public boolean retainData() {
        return spec().database == null || !DatabaseSpec.DELETE.equals(spec().database.deletionPolicy);
    }

    public boolean generatesKeys() {
        return spec().masterKeySecretRef == null || spec().saltKeySecretRef == null;
    }

    /**
     * The generated keys Secret was in the cache when this model was built (always true when the spec brings both
     * keys). Until it is, {@link #configHash()} covers it as absent, and a Deployment applied now would roll again as
     * soon as the Secret appears: the proxy waits for it instead.
     */
    public boolean generatedKeysPresent() {
        return generatedKeysPresent;
    }

    public boolean prometheusEnabled() {
        var o = spec().observability;
        return o != null && o.prometheus != null && o.prometheus.enabled;
    }

    /** A PodMonitor for the managed Postgres: with monitoring on, unless cloudNativePG.podMonitor is false. */
    public boolean databasePodMonitorEnabled() {
        var cnpg = managedDatabase() ? spec().database.cloudNativePG : null;
        return managedDatabase() && prometheusEnabled() && !(cnpg != null && Boolean.FALSE.equals(cnpg.podMonitor));
    }

    public boolean serviceMonitorEnabled() {
        var o = spec().observability;
        return prometheusEnabled() && o.prometheus.serviceMonitor != null && o.prometheus.serviceMonitor.enabled;
    }

    /** A PrometheusRule with the gateway's alerts: with monitoring on and alertRules set. */
    public boolean prometheusRulesEnabled() {
        return prometheusEnabled() && Boolean.TRUE.equals(spec().observability.prometheus.alertRules);
    }

    public boolean networkPolicyEnabled() {
        return spec().networkPolicy != null && spec().networkPolicy.enabled;
    }

    public boolean ciliumPolicyEnabled() {
        return spec().networkPolicy != null && spec().networkPolicy.cilium != null && spec().networkPolicy.cilium.enabled;
    }

    public boolean routeEnabled() {
        return spec().route != null;
    }

    /** The namespace the HTTPRoute lives in. */
    public String routeNamespace() {
        return routeEnabled() && spec().route.namespace != null ? spec().route.namespace : namespace();
    }

    public boolean ingressEnabled() {
        return spec().ingress != null;
    }

    public boolean crossNamespaceRoute() {
        return routeEnabled() && !routeNamespace().equals(namespace());
    }

    public boolean backupEnabled() {
        return managedDatabase() && spec().backup != null;
    }

    /** Backups through the Barman Cloud plugin and its ObjectStore rather than the Cluster's in-tree barmanObjectStore. */
    public boolean backupPluginEnabled() {
        return backupEnabled() && spec().backup.usesPlugin();
    }

    /** The folder a recovery restores from: the one given, else where this gateway's Cluster archives by default (its name). */
    public String recoveryServerName(DatabaseSpec.Recovery recovery) {
        return recovery.serverName != null ? recovery.serverName : names().database();
    }

    /** An image change takes an on-demand Backup before its migrations run. */
    public boolean backupBeforeUpgrade() {
        return backupEnabled() && spec().backup.backsUpBeforeUpgrade();
    }

    public int replicas() {
        return spec().replicas != null ? spec().replicas : 1;
    }

    /** spec.availability.autoscaling.enabled: the HorizontalPodAutoscaler, not the spec, sets the replica count. */
    public boolean autoscaled() {
        return spec().autoscaled();
    }

    public int workers() {
        return spec().workers != null ? spec().workers : 1;
    }

    /** Digest of the referenced Secret key's value ("absent" when it cannot be read), for the rollout hash. */
    static String secretDigest(SecretLookup secrets, SecretKeyRef ref) {
        return secrets.find(ref.name).map(Secret::getData).map((Map<String, String> d) -> d.get(ref.key))
                .map(Hashing::sha256OfParts).orElse("absent");
    }

    /** Digest of every key and value of a Secret (a mounted one: any key may be a file the proxy reads). */
    static String secretDigest(Secret secret) {
        Map<String, String> data = new java.util.TreeMap<>(secret.getData() != null ? secret.getData() : Map.of());
        if (secret.getStringData() != null) {
            data.putAll(secret.getStringData());
        }
        return Hashing.sha256OfParts(data.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

}
