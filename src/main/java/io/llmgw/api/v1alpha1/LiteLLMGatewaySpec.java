package io.llmgw.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** Desired state of a LiteLLM gateway. Cross-field rules are enforced at apply time by CEL. */
@JsonInclude(JsonInclude.Include.NON_NULL)
// Several entries may share a name (a group LiteLLM load-balances); each then needs an explicit id, because the
// name-derived default would be the same for all of them and LiteLLM keys cooldowns and usage by id.
@ValidationRule(value = "self.models.all(m, has(m.id) || self.models.exists_one(n, n.name == m.name))",
        message = "models sharing a name (a group of deployments) must each set an id")
@ValidationRule(value = "self.models.all(m, !has(m.id) || self.models.exists_one(n, has(n.id) && n.id == m.id))",
        message = "model ids must be unique")
@ValidationRule(value = "!has(self.credentials) || self.credentials.all(c, self.credentials.exists_one(d, d.name == c.name))",
        message = "credential names must be unique")
@ValidationRule(value = "self.models.all(m, !has(m.credential) || (has(self.credentials) && self.credentials.exists(c, c.name == m.credential)))",
        message = "every model credential must name an entry of spec.credentials")
// One loop over [model] + to: the API server's cost estimate of the equivalent "exists(...) && to.all(exists(...))"
// exceeded its per-rule budget (1.29x), so the CRD was rejected; this form estimates at about 15% of the budget.
@ValidationRule(value = "!has(self.routerSettings) || !has(self.routerSettings.fallbacks) || self.routerSettings.fallbacks.all(f, ([f.model] + f.to).all(t, self.models.exists(m, m.name == t)))",
        message = "every fallback must name existing models")
@ValidationRule(value = "!has(self.backup) || (has(self.database) && self.database.type == 'CloudNativePG')",
        message = "backup requires database.type CloudNativePG")
// An imported or restored database holds credentials encrypted with the old gateway's salt key.
@ValidationRule(value = "!has(self.database) || !has(self.database.cloudNativePG) || !has(self.database.cloudNativePG.bootstrap)"
        + " || has(self.saltKeySecretRef)",
        message = "database.cloudNativePG.bootstrap requires saltKeySecretRef: the imported or restored database holds values encrypted"
                + " with the old gateway's LITELLM_SALT_KEY; put that key in a Secret and reference it")
@ValidationRule(value = "!has(self.database) || !has(self.database.cloudNativePG) || !has(self.database.cloudNativePG.bootstrap)"
        + " || !has(self.database.cloudNativePG.bootstrap.recovery) || self.database.cloudNativePG.bootstrap.recovery.source != 'Self'"
        + " || has(self.backup)",
        message = "bootstrap.recovery from source Self needs spec.backup (the object store to restore from)")
@ValidationRule(value = "!has(self.sso) || has(self.route) || has(self.ingress) || has(self.sso.proxyBaseUrl)",
        message = "sso needs an external URL: set spec.route, spec.ingress or spec.sso.proxyBaseUrl")
public class LiteLLMGatewaySpec {
    public static final int MODELS_MAX = 200;
    public static final int CREDENTIALS_MAX = 64;

    public ImageSpec image;

    @Min(0)
    @Max(100)
    @Default("1")
    public Integer replicas = 1;

    @Min(1)
    @Max(32)
    @Default("1")
    @JsonPropertyDescription("Uvicorn workers per pod (NUM_WORKERS).")
    public Integer workers = 1;

    public ResourceRequirements resources;
    public SchedulingSpec scheduling;
    public RolloutSpec rollout;
    public TrustedCaSpec trustedCA;

    @Size(max = 16)
    @ValidationRule(value = "self.all(f, self.exists_one(g, g.name == f.name))", message = "file mount names must be unique")
    @ValidationRule(value = "self.all(f, self.exists_one(g, g.mountPath == f.mountPath))", message = "file mount paths must be unique")
    @JsonPropertyDescription("ConfigMaps or Secrets mounted read-only into the LiteLLM container (prompt files, modules, certificates).")
    public List<FileMountSpec> files;
    public AvailabilitySpec availability;

    @JsonPropertyDescription("Extra environment variables for the LiteLLM container, e.g. secrets referenced as os.environ/NAME in free-form sections.")
    public List<EnvVar> env;
    public List<EnvFromSource> envFrom;

    @JsonPropertyDescription("Master key (must start with sk-). Default: generated once into <name>-keys and never replaced.")
    public SecretKeyRef masterKeySecretRef;

    @JsonPropertyDescription("Salt key encrypting credentials stored in the database. It must never change once used. Default: generated once.")
    public SecretKeyRef saltKeySecretRef;

    @Size(max = CREDENTIALS_MAX)
    public List<CredentialSpec> credentials;

    @Required
    @Size(min = 1, max = MODELS_MAX)
    public List<ModelSpec> models = new ArrayList<>();

    public RouterSettings routerSettings;
    public LitellmSettings litellmSettings;
    public GeneralSettings generalSettings;

    public CacheSpec cache;
    public DatabaseSpec database;
    public BackupSpec backup;
    public SsoSpec sso;
    public ObservabilitySpec observability;

    @JsonPropertyDescription("LiteLLM guardrails list, passed through. Reference secrets as os.environ/NAME and wire NAME in spec.env.")
    public List<FreeForm> guardrails;

    @JsonPropertyDescription("LiteLLM mcp_servers map, passed through.")
    public FreeForm mcpServers;

    @JsonPropertyDescription("LiteLLM prompts list, passed through.")
    public List<FreeForm> prompts;

    public PresidioSpec presidio;
    public NetworkPolicySpec networkPolicy;
    public RouteSpec route;
    public IngressSpec ingress;
    public ServiceSpec service;

    // Facts derived from the spec alone, for the model, its checks and the renderers (as CloudNativePG's
    // cluster_funcs.go): each read in one place, absent sections meaning their defaults. Not bean properties, so
    // neither the CRD schema nor the JSON sees them.

    /** spec.cache.type, None without a cache section. */
    public String cacheType() {
        return cache != null && cache.type != null ? cache.type : CacheSpec.NONE;
    }

    public boolean hasCache() {
        return !CacheSpec.NONE.equals(cacheType());
    }

    /** spec.database.type, None without a database section. */
    public String databaseType() {
        return database != null && database.type != null ? database.type : DatabaseSpec.NONE;
    }

    /** spec.availability.autoscaling.enabled: the HorizontalPodAutoscaler, not spec.replicas, sets the replica count. */
    public boolean autoscaled() {
        return availability != null && availability.autoscaling != null && availability.autoscaling.enabled;
    }
}
