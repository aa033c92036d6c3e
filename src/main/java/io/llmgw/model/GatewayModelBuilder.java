package io.llmgw.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.llmgw.api.v1alpha1.CacheSpec;
import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;
import io.llmgw.api.v1alpha1.SecretKeyRef;

/**
 * Validates a gateway and builds its {@link GatewayModel}. The CRD schema and CEL rules refuse most mistakes at
 * apply time; these checks cover what they cannot see (Secrets, the rendered config, image policy) and repeat
 * the cross-field rules so the offline render refuses the same specs. Each section of the spec has its checks in
 * its own class; this one runs them in a fixed order, which is the order problems and warnings are reported in.
 */
final class GatewayModelBuilder {
    private final LiteLLMGateway gateway;
    private final LiteLLMGatewaySpec spec;
    private final SecretLookup secrets;
    private final Names names;
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final ResourceQuantities quantities;
    private final ModelsSection models;
    private final DatabaseSection database;
    private final CacheSection cache;
    private final NetworkSection network;
    private final LiteralSecrets literalSecrets;
    private final EnvSection envSection;
    private final SecretReferences secretReferences;

    GatewayModelBuilder(LiteLLMGateway gateway, SecretLookup secrets, RoutePolicy routes) {
        this.gateway = gateway;
        this.spec = gateway.getSpec();
        this.secrets = secrets;
        this.names = Names.of(gateway);
        var context = new SpecSection.Context(spec, names, secrets, problems, warnings);
        this.quantities = new ResourceQuantities(context);
        this.models = new ModelsSection(context);
        this.database = new DatabaseSection(context);
        this.cache = new CacheSection(context);
        this.network = new NetworkSection(context, routes);
        this.literalSecrets = new LiteralSecrets(context);
        this.envSection = new EnvSection(context);
        this.secretReferences = new SecretReferences(context);
    }

    GatewayModel.Result build() {
        if (spec == null || spec.models == null || spec.models.isEmpty()) {
            return new GatewayModel.Result(null, List.of(new Problem(ConditionReason.INVALID_SPEC, "spec.models must list at least one model")), Set.of());
        }
        if (!quantities.check()) {
            // Everything after this parses them; report the unparsable ones alone.
            return new GatewayModel.Result(null, List.copyOf(problems), Set.of());
        }
        checkCrossFieldRules();
        network.checkRouteNamespace();
        ImagePolicy.check(spec.image).ifPresent(problems::add);
        literalSecrets.checkFreeForm();

        String externalUrl = network.externalUrl();
        EnvPlan env = new EnvPlan();
        ProxyEnvironment.wire(spec, names, externalUrl, env);
        Map<String, Object> config = new ConfigRenderer(spec, env, wiring()).render();
        checkUnreadSettings(config);
        literalSecrets.checkUrlPasswords("config", config);
        envSection.checkReferences(config, env);
        envSection.checkOperatorSecretsStayPrivate(env);
        envSection.checkUserEnv(env);
        secretReferences.checkEnvSecrets(env);
        Egress egress = Egress.of(spec, names, secrets);
        warn(egress);
        Set<String> referenced = new java.util.TreeSet<>();
        env.secretRefs().forEach(ref -> referenced.add(ref.name));
        // Indexed too, so creating a missing one resumes the gateway at once.
        Map<String, Set<String>> podSecrets = secretReferences.podSecretReferences();
        referenced.addAll(podSecrets.keySet());
        secretReferences.checkPodSecrets(podSecrets);
        if (!problems.isEmpty()) {
            return new GatewayModel.Result(null, List.copyOf(problems), referenced);
        }
        String yaml = ConfigRenderer.toYaml(config);
        String image = ImagePolicy.reference(spec.image);
        String hash = rolloutHash(yaml, image, env);
        // Offline (render) nothing is known about Secrets: count the generated keys as there.
        boolean generatedKeysPresent = !secrets.authoritative() || (spec.masterKeySecretRef != null && spec.saltKeySecretRef != null)
                || secrets.find(names.keysSecret()).isPresent();
        GatewayModel model = new GatewayModel(gateway, names, image, yaml, env, hash, externalUrl,
                egress, List.copyOf(warnings), generatedKeysPresent);
        return new GatewayModel.Result(model, List.of(), referenced);
    }

    /** The rules across sections of the spec, which the CRD's CEL rules also state. */
    private void checkCrossFieldRules() {
        models.check();
        database.checkBackup();
        cache.checkRedis();
        database.checkBootstrap();
        cache.checkDragonflyMemory();
        network.checkExtraEgress();
        network.checkIngress();
        database.checkExternal();
    }

    /** Where the config finds the cache and whether it reads a database URL. */
    private ConfigRenderer.Wiring wiring() {
        var cacheSpec = spec.cache;
        boolean managedCache = cacheSpec != null && CacheSpec.DRAGONFLY.equals(cacheSpec.type);
        return new ConfigRenderer.Wiring(
                managedCache ? names.cacheHost() : cacheSpec != null && cacheSpec.redis != null ? cacheSpec.redis.host : null,
                managedCache ? Integer.valueOf(Defaults.REDIS_PORT) : cacheSpec != null && cacheSpec.redis != null ? cacheSpec.redis.port : null,
                ProxyEnvironment.cachePassword(spec, names) != null,
                cacheSpec != null && cacheSpec.redis != null && Boolean.TRUE.equals(cacheSpec.redis.tls),
                ProxyEnvironment.databaseUrl(spec, names) != null);
    }

    /** Everything the pods read at start: a change to any of it must roll them. */
    private String rolloutHash(String yaml, String image, EnvPlan env) {
        List<String> hashInput = new ArrayList<>(List.of(yaml, image));
        for (EnvVar var : env.vars()) {
            hashInput.add(var.getName() + "=" + (var.getValue() != null ? var.getValue()
                    : var.getValueFrom().getSecretKeyRef().getName() + "/" + var.getValueFrom().getSecretKeyRef().getKey()));
        }
        for (SecretKeyRef ref : env.secretRefs()) {
            hashInput.add(ref.name + "/" + ref.key + "#" + GatewayModel.secretDigest(secrets, ref));
        }
        // Files mounted from Secrets (trusted CAs, file mounts) are read at start: a new value must roll the pods.
        for (String mounted : secretReferences.mountedSecrets()) {
            hashInput.add(mounted + "#" + secrets.find(mounted).map(GatewayModel::secretDigest).orElse("absent"));
        }
        return Hashing.sha256OfParts(hashInput.toArray(String[]::new)).substring(0, 16);
    }

    /**
     * Keys LiteLLM accepts without reading them: a proxy-wide limit that would not exist is refused (running without
     * a cap the user believes in is worse than not running), any other is rendered with a warning.
     */
    private void checkUnreadSettings(Map<String, Object> config) {
        for (UnreadSettings.Entry e : UnreadSettings.in(config)) {
            if (e.refused()) {
                problems.add(new Problem(ConditionReason.PROXY_WIDE_LIMIT_UNSUPPORTED, e.message()));
            } else {
                warnings.add(e.message());
            }
        }
    }

    private void warn(Egress egress) {
        network.warn(egress);
        if (ImagePolicy.isMovingTag(spec.image)) {
            warnings.add("image tag " + ImagePolicy.tag(spec.image) + " moves; pin a version or a digest");
        }
        boolean licensed = spec.env != null && spec.env.stream().anyMatch(v -> "LITELLM_LICENSE".equals(v.getName()));
        if (spec.sso != null && spec.sso.jwt != null && spec.sso.jwt.enabled && !licensed) {
            warnings.add("sso.jwt: LiteLLM answers JWTs with 403 unless it has an Enterprise license (LITELLM_LICENSE in spec.env)");
        }
        cache.warnSharedState();
        models.warnAccessGroups();
        database.warnConnectionBudget();
    }
}
