package io.llmgw.cli;

import static io.llmgw.model.options.Coercion.integerValue;
import static io.llmgw.model.options.Coercion.strings;

import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.llmgw.api.v1alpha1.CacheSpec;
import io.llmgw.api.v1alpha1.CredentialSpec;
import io.llmgw.api.v1alpha1.DatabaseSpec;
import io.llmgw.api.v1alpha1.FreeForm;
import io.llmgw.api.v1alpha1.GeneralSettings;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;
import io.llmgw.api.v1alpha1.LitellmSettings;
import io.llmgw.api.v1alpha1.ModelSpec;
import io.llmgw.api.v1alpha1.ObservabilitySpec;
import io.llmgw.api.v1alpha1.RouterSettings;
import io.llmgw.api.v1alpha1.SecretKeyRef;
import io.llmgw.api.v1alpha1.ValueSource;
import io.llmgw.model.ConfigRenderer;
import io.llmgw.model.Defaults;
import io.llmgw.model.EnvPlan;
import io.llmgw.model.Names;
import io.llmgw.model.ProxyEnvironment;
import io.llmgw.model.UnreadSettings;
import io.llmgw.model.options.Coercion;
import io.llmgw.model.options.GeneralSettingsOptions;
import io.llmgw.model.options.LitellmSettingsOptions;
import io.llmgw.model.options.ModelOptions;
import io.llmgw.model.options.Option;
import io.llmgw.model.options.RouterSettingsOptions;

/**
 * Turns a hand-written LiteLLM config.yaml (parsed) into the LiteLLMGateway that renders the same config, with a
 * report of what was mapped, what the operator now sets itself and what could not be carried. Pure: no I/O.
 * <p>
 * Secrets: each {@code os.environ/NAME} in a secret position becomes a secretKeyRef to ONE Secret with key NAME, so
 * that Secret can be created from the old environment ({@code kubectl create secret generic S --from-env-file=...}).
 * References inside free-form sections stay as written and NAME is added to spec.env from the same Secret. Literal
 * secret values are never copied: they become references to derived keys the user fills in by hand. The report
 * names keys and paths, never values.
 */
public final class Importer {
    /** The operator's own rule (GatewayModelBuilder.SECRET_KEY): literal values under these keys are refused. */
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(api_?key|secret|password|passwd|access_?key|_token|^token|authorization|bearer)$");
    private static final Pattern SECRET_KEY_NAME = Pattern.compile(SecretKeyRef.KEY_PATTERN);
    private static final Pattern MODEL_NAME = Pattern.compile(ModelSpec.NAME_PATTERN);
    private static final Pattern PROVIDER_MODEL = Pattern.compile(ModelSpec.MODEL_PATTERN);
    private static final Pattern MODEL_ID = Pattern.compile(ModelSpec.ID_PATTERN);
    private static final Pattern CREDENTIAL_NAME = Pattern.compile(CredentialSpec.NAME_PATTERN);
    private static final List<String> ROUTER_REDIS_KEYS = List.of("redis_host", "redis_port", "redis_password", "redis_url");
    private static final List<String> SSO_KEYS = List.of("ui_access_mode", "enable_jwt_auth", "litellm_jwtauth");
    private static final String PREFIX = EnvPlan.ENV_PREFIX;

    /** {@code secret} null means {@code <name>-env}. */
    public record Options(String name, String namespace, String secret, boolean managedCache) {
        public String secretName() {
            return secret != null ? secret : name + "-env";
        }
    }

    public enum Kind {
        MAPPED("mapped"),
        OPERATOR("operator"),
        UNMAPPED("not mapped"),
        /** Kept where it was, and LiteLLM does not read it (UnreadSettings): nothing changes, nothing is enforced. */
        IGNORED("ignored"),
        SECRET("secret"),
        /** Something the old config did that the gateway will not do: import refuses unless --allow-loss. */
        LOST("lost"),
        INVALID("invalid");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One report line: where in config.yaml, and what happened. Never holds a secret value. */
    public record Line(Kind kind, String where, String message) {
        @Override
        public String toString() {
            return kind.label + ": " + where + ": " + message;
        }
    }

    /** The gateway, the report, and every key the Secret must hold. */
    public record Result(LiteLLMGateway gateway, List<Line> report, List<String> secretKeys) {
        /** Something the CRD schema would refuse, found while mapping. */
        public boolean invalid() {
            return report.stream().anyMatch(l -> l.kind() == Kind.INVALID);
        }

        /** Something in config.yaml is not carried into the gateway (a "lost" line). */
        public boolean losesData() {
            return report.stream().anyMatch(l -> l.kind() == Kind.LOST);
        }
    }

    private final Options options;
    private final String secret;
    private final LiteLLMGatewaySpec spec = new LiteLLMGatewaySpec();
    private final List<Line> report = new ArrayList<>();
    private final Set<String> secretKeys = new LinkedHashSet<>();
    /** Every os.environ/ name in the input: derived keys for literal values never collide with one. */
    private final Set<String> reserved = new LinkedHashSet<>();
    /** Literal secret value to its derived key (the value is never printed). */
    private final Map<String, String> literalKeys = new LinkedHashMap<>();
    private final Set<String> freeFormEnv = new LinkedHashSet<>();
    /** Variables the operator generated for this Secret's keys, and those keys. */
    private final Set<String> readBack = new LinkedHashSet<>();
    private final Set<String> readBackKeys = new LinkedHashSet<>();
    private final Map<String, Map<String, Object>> credentialLeftovers = new LinkedHashMap<>();
    private final Set<String> credentialNames = new LinkedHashSet<>();
    private final Set<String> modelNames = new LinkedHashSet<>();
    private boolean typedCache;

    private Importer(Options options) {
        this.options = options;
        this.secret = options.secretName();
    }

    public static Result run(Map<String, ?> config, Options options) {
        Importer importer = new Importer(options);
        LiteLLMGateway gateway = importer.build(new LinkedHashMap<>(config));
        return new Result(gateway, List.copyOf(importer.report), List.copyOf(importer.secretKeys));
    }

    /** Parses config.yaml like LiteLLM would, except that dates stay strings (api_version: 2024-10-21). */
    public static Map<String, Object> parse(String yaml) {
        LoaderOptions loader = new LoaderOptions();
        Resolver noTimestamps = new Resolver() {
            @Override
            public Tag resolve(NodeId kind, String value, boolean implicit) {
                Tag tag = super.resolve(kind, value, implicit);
                return Tag.TIMESTAMP.equals(tag) ? Tag.STR : tag;
            }
        };
        DumperOptions dumper = new DumperOptions();
        Object doc = new Yaml(new SafeConstructor(loader), new Representer(dumper), dumper, loader, noTimestamps).load(yaml);
        Map<String, Object> map = map(doc);
        if (map == null) {
            throw new IllegalArgumentException("not a YAML mapping");
        }
        return map;
    }

    private LiteLLMGateway build(Map<String, Object> config) {
        collectEnvNames(config);
        // Read first: the keys LiteLLM takes from its environment (master and salt key) are mapped with general_settings.
        Map<String, Object> environment = section("environment_variables", config.remove("environment_variables"));
        environment = environment != null ? environment : new LinkedHashMap<>();
        credentials(config.remove("credential_list"));
        models(config.remove("model_list"));
        litellmSettings(config.remove("litellm_settings"));
        routerSettings(config.remove("router_settings"));
        generalSettings(config.remove("general_settings"), environment);
        spec.guardrails = freeFormList("guardrails", config.remove("guardrails"), "guardrail_name");
        spec.mcpServers = freeFormMap("mcp_servers", config.remove("mcp_servers"), "MCP");
        spec.prompts = freeFormList("prompts", config.remove("prompts"), "prompt_id");
        environmentVariables(environment);
        Object include = config.remove("include");
        if (include != null) {
            report(Kind.LOST, "include", "WARNING: the included files " + include
                    + " were not read and are not carried: merge them into this file and import again");
        }
        for (String key : config.keySet()) {
            report(Kind.LOST, key, "top-level section the spec has no place for: not carried");
        }

        LiteLLMGateway gateway = new LiteLLMGateway();
        gateway.setMetadata(new ObjectMetaBuilder().withName(options.name()).withNamespace(options.namespace()).build());
        gateway.setSpec(spec);
        env(gateway);
        if (!readBack.isEmpty()) {
            report(Kind.MAPPED, "os.environ", String.join(", ", readBack) + ": names the operator generated for Secret " + secret
                    + ", read back as its keys " + String.join(", ", readBackKeys));
        }
        if (!secretKeys.isEmpty()) {
            report(Kind.SECRET, "Secret " + secret, "needs the keys " + String.join(", ", secretKeys) + ": create it from the old"
                    + " environment with kubectl" + (options.namespace() != null ? " -n " + options.namespace() : "")
                    + " create secret generic " + secret + " --from-env-file=FILE (FILE holds NAME=value lines)"
                    + (literalKeys.isEmpty() ? "" : "; add " + String.join(", ", new LinkedHashSet<>(literalKeys.values()))
                            + " (literal values above) by hand"));
        }
        return gateway;
    }

    // ---- credential_list

    private void credentials(Object section) {
        List<?> list = list("credential_list", section);
        if (list == null) {
            return;
        }
        List<CredentialSpec> out = new ArrayList<>();
        for (Object item : list) {
            Map<String, Object> entry = map(item);
            if (entry == null || entry.get("credential_name") == null) {
                report(Kind.LOST, "credential_list", "an entry without credential_name: not carried");
                continue;
            }
            String name = String.valueOf(entry.remove("credential_name"));
            String where = "credential_list[" + name + "]";
            if (!CREDENTIAL_NAME.matcher(name).matches()) {
                report(Kind.INVALID, where, "the credential name must match " + CREDENTIAL_NAME.pattern());
            }
            CredentialSpec c = new CredentialSpec();
            c.name = name;
            Map<String, Object> values = orEmpty(map(entry.remove("credential_values")));
            String v = where + ".credential_values";
            c.apiKey = secretSource(v + ".api_key", values.remove("api_key"), name + "_API_KEY");
            c.apiBase = source(v + ".api_base", values.remove("api_base"));
            c.apiVersion = source(v + ".api_version", values.remove("api_version"));
            values.values().removeIf(x -> x == null);
            if (!values.isEmpty()) {
                credentialLeftovers.put(name, scrub(v, values, name));
            }
            Map<String, Object> info = map(entry.remove("credential_info"));
            if (info != null && !info.isEmpty()) {
                c.info = FreeForm.of(scrub(where + ".credential_info", info, name));
            }
            for (String key : entry.keySet()) {
                report(Kind.LOST, where + "." + key, "not part of a credential: not carried");
            }
            if (credentialNames.add(name)) {
                out.add(c);
            } else {
                report(Kind.INVALID, where, "credential name used twice; the first entry is kept");
            }
        }
        if (out.size() > LiteLLMGatewaySpec.CREDENTIALS_MAX) {
            report(Kind.INVALID, "credential_list", out.size() + " credentials; the spec allows " + LiteLLMGatewaySpec.CREDENTIALS_MAX);
        }
        if (!out.isEmpty()) {
            spec.credentials = out;
            report(Kind.MAPPED, "credential_list", out.size() + " credentials -> spec.credentials");
        }
    }

    // ---- model_list

    private void models(Object section) {
        List<?> list = list("model_list", section);
        // Names used by several entries (groups LiteLLM load-balances): their report lines say which entry.
        Map<String, Integer> uses = new LinkedHashMap<>();
        for (Object item : list != null ? list : List.of()) {
            Map<String, Object> entry = map(item);
            if (entry != null && entry.get("model_name") != null) {
                uses.merge(String.valueOf(entry.get("model_name")), 1, Integer::sum);
            }
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<ModelSpec> groupedWithoutId = new ArrayList<>();
        List<String> withoutId = new ArrayList<>();
        List<String> withoutKey = new ArrayList<>();
        Map<String, List<String>> leftoverUsers = new LinkedHashMap<>();
        for (Object item : list != null ? list : List.of()) {
            Map<String, Object> entry = map(item);
            Map<String, Object> params = entry != null ? orEmpty(map(entry.remove("litellm_params"))) : Map.of();
            if (entry == null || entry.get("model_name") == null || params.get("model") == null) {
                report(Kind.UNMAPPED, "model_list", "an entry without model_name or litellm_params.model (LiteLLM skips it): not carried");
                continue;
            }
            ModelSpec m = new ModelSpec();
            m.name = String.valueOf(entry.remove("model_name"));
            boolean grouped = uses.getOrDefault(m.name, 1) > 1;
            int position = seen.merge(m.name, 1, Integer::sum);
            String where = "model_list[" + m.name + (grouped ? "#" + position : "") + "]";
            String p = where + ".litellm_params";
            modelNames.add(m.name);
            if (!MODEL_NAME.matcher(m.name).matches() || m.name.length() > ModelSpec.NAME_MAX) {
                report(Kind.INVALID, where, "model_name must be 1-" + ModelSpec.NAME_MAX + " characters without spaces");
            }
            m.model = String.valueOf(params.remove("model"));
            if (!PROVIDER_MODEL.matcher(m.model).matches() || m.model.length() > ModelSpec.MODEL_MAX) {
                report(Kind.INVALID, p + ".model", "must be provider/name (e.g. openai/" + m.model + "); the spec does not infer providers");
            }
            Object credential = params.get("litellm_credential_name");
            if (credential instanceof String c && credentialNames.contains(c)) {
                m.credential = c;
                params.remove("litellm_credential_name");
            } else if (credential != null) {
                report(Kind.MAPPED, p + ".litellm_credential_name", "names no entry of credential_list (one stored in the database?):"
                        + " kept in litellmParams, not checked by the operator");
            }
            m.apiKey = secretSource(p + ".api_key", params.remove("api_key"), m.name + "_API_KEY");
            m.apiBase = source(p + ".api_base", params.remove("api_base"));
            m.apiVersion = source(p + ".api_version", params.remove("api_version"));
            typed(ModelOptions.LITELLM_PARAMS, params, m, p, "litellmParams");
            Map<String, Object> rest = scrub(p, params, m.name);
            if (m.credential != null && credentialLeftovers.containsKey(m.credential)) {
                credentialLeftovers.get(m.credential).forEach(rest::putIfAbsent);
                leftoverUsers.computeIfAbsent(m.credential, k -> new ArrayList<>()).add(m.name);
            }
            if (!rest.isEmpty()) {
                m.litellmParams = FreeForm.of(rest);
            }
            if (m.apiKey == null && m.credential == null && rest.keySet().stream().noneMatch(k -> SECRET_KEY.matcher(k).matches()
                    || k.endsWith("credentials") || k.equals("litellm_credential_name"))) {
                withoutKey.add(m.name);
            }

            Map<String, Object> info = orEmpty(map(entry.remove("model_info")));
            String i = where + ".model_info";
            Object id = info.remove("id");
            if (id == null && grouped) {
                groupedWithoutId.add(m);
            } else if (id == null) {
                withoutId.add(m.name);
            } else if (!grouped && String.valueOf(id).equals(ConfigRenderer.defaultModelId(m.name))) {
                // The id the operator derives when none is set: leaving it unset renders the same, import after import.
                m.id = null;
            } else if ((id instanceof String || id instanceof Number) && MODEL_ID.matcher(String.valueOf(id)).matches()
                    && String.valueOf(id).length() <= ModelSpec.ID_MAX) {
                m.id = String.valueOf(id);
            } else {
                report(Kind.LOST, i + ".id", "does not fit the spec's id (" + MODEL_ID.pattern() + ", at most " + ModelSpec.ID_MAX
                        + " characters): the operator derives one from"
                        + " the name; keys and spend logs that refer to the old id lose it");
            }
            typed(ModelOptions.MODEL_INFO, info, m, i, "modelInfo");
            Map<String, Object> restInfo = scrub(i, info, m.name);
            if (!restInfo.isEmpty()) {
                m.modelInfo = FreeForm.of(restInfo);
            }
            for (String key : entry.keySet()) {
                report(Kind.LOST, where + "." + key, "not part of a model_list entry: not carried");
            }
            spec.models.add(m);
        }
        if (spec.models.isEmpty()) {
            report(Kind.INVALID, "model_list", "no models: the spec needs at least one");
            return;
        }
        if (spec.models.size() > LiteLLMGatewaySpec.MODELS_MAX) {
            report(Kind.INVALID, "model_list", spec.models.size() + " models; the spec allows " + LiteLLMGatewaySpec.MODELS_MAX);
        }
        report(Kind.MAPPED, "model_list", spec.models.size() + " models -> spec.models");
        generateGroupIds(groupedWithoutId);
        for (String credential : credentialLeftovers.keySet()) {
            String keys = String.join(", ", credentialLeftovers.get(credential).keySet());
            List<String> users = leftoverUsers.get(credential);
            if (users != null) {
                report(Kind.MAPPED, "credential_list[" + credential + "].credential_values", keys
                        + ": spec.credentials has no field for them; copied into the litellmParams of the models using the credential ("
                        + String.join(", ", users) + ")");
            } else {
                report(Kind.LOST, "credential_list[" + credential + "].credential_values", keys
                        + ": spec.credentials has no field for them and no model here uses the credential: not carried");
            }
        }
        if (!withoutId.isEmpty()) {
            report(Kind.MAPPED, "model_info.id", "not set for " + String.join(", ", withoutId) + ": LiteLLM derived those ids from"
                    + " the parameters, the operator derives new stable ones from the name; set spec.models[].id if keys or spend"
                    + " logs refer to the old ids");
        }
        if (!withoutKey.isEmpty()) {
            report(Kind.MAPPED, "litellm_params.api_key", "none for " + String.join(", ", withoutKey) + " (no credential either):"
                    + " LiteLLM then reads the provider's own variables (e.g. OPENAI_API_KEY), which the operator does not set: add"
                    + " them to spec.env or set apiKey if these models need a key");
        }
    }

    /**
     * Deployments of a group need distinct ids, and the ones LiteLLM derived (a hash of the parameters, secrets
     * included) cannot be recomputed here: give each a readable one from its name and place in the group, stable
     * across imports of the same file, and say so.
     */
    private void generateGroupIds(List<ModelSpec> withoutId) {
        if (withoutId.isEmpty()) {
            return;
        }
        Set<String> taken = new LinkedHashSet<>();
        for (ModelSpec m : spec.models) {
            if (m.id != null) {
                taken.add(m.id);
            }
        }
        Map<String, Integer> positions = new LinkedHashMap<>();
        Map<ModelSpec, Integer> position = new java.util.IdentityHashMap<>();
        for (ModelSpec m : spec.models) {
            position.put(m, positions.merge(m.name, 1, Integer::sum));
        }
        List<String> generated = new ArrayList<>();
        for (ModelSpec m : withoutId) {
            String base = m.name.replaceAll("[^-_.A-Za-z0-9]", "-").replaceAll("^[^A-Za-z0-9]+", "");
            base = base.isEmpty() ? "model" : base.substring(0, Math.min(base.length(), 56));
            String id = base + "-" + position.get(m);
            for (int i = 2; taken.contains(id); i++) {
                id = base + "-" + position.get(m) + "-" + i;
            }
            taken.add(id);
            m.id = id;
            generated.add(m.name + "#" + position.get(m) + " -> " + id);
        }
        report(Kind.MAPPED, "model_info.id", "not set for deployments of groups (several entries sharing a model_name): generated "
                + String.join(", ", generated) + "; LiteLLM derived the old ids from the parameters, so cooldowns, spend logs and keys"
                + " that refer to them lose them; set spec.models[].id to keep old ones");
    }

    // ---- litellm_settings

    /**
     * Keys LiteLLM accepts without reading (UnreadSettings) stay where they were, in litellmSettings.extra: moving one
     * to a typed field would start enforcing what the old proxy never did (an upload limit, telemetry), and dropping it
     * would hide that the user believed in it. The operator then warns about them, or refuses proxy-wide limits.
     */
    private void unreadSettings(Map<String, Object> s) {
        for (UnreadSettings.Entry e : UnreadSettings.ALL) {
            if (UnreadSettings.LITELLM_SETTINGS.equals(e.section()) && s.containsKey(e.key())) {
                report(Kind.IGNORED, e.path(), "kept where it was; LiteLLM " + Defaults.LITELLM_TAG + " does not read it: " + e.why()
                        + (e.refused() ? " (the operator refuses it: remove it once you have read this)" : ""));
            }
        }
    }

    private void litellmSettings(Object section) {
        Map<String, Object> s = section("litellm_settings", section);
        if (s == null) {
            return;
        }
        String w = "litellm_settings";
        unreadSettings(s);
        LitellmSettings l = new LitellmSettings();
        typed(LitellmSettingsOptions.SETTINGS, s, l, w, "extra");
        typed(LitellmSettingsOptions.CALLBACK_LISTS, s, l, w, "extra");

        List<String> callbacks = s.containsKey("callbacks") ? strings(s.get("callbacks")) : null;
        if (callbacks != null) {
            s.remove("callbacks");
            List<String> kept = new ArrayList<>();
            for (String c : callbacks) {
                switch (c) {
                    case "prometheus" -> {
                        observability().prometheus = new ObservabilitySpec.Prometheus();
                        observability().prometheus.enabled = true;
                        report(Kind.MAPPED, w + ".callbacks", "prometheus -> spec.observability.prometheus.enabled (add a serviceMonitor"
                                + " to have it scraped)");
                    }
                    case "otel" -> report(Kind.LOST, w + ".callbacks", "otel removed: its endpoint is in the proxy environment"
                            + " (OTEL_EXPORTER, OTEL_ENDPOINT...), not in config.yaml: set spec.observability.openTelemetry (endpoint,"
                            + " protocol) and the operator adds the callback and the variables");
                    case "langfuse" -> langfuse(w + ".callbacks");
                    default -> {
                        kept.add(c);
                        customCallback(w + ".callbacks", c);
                    }
                }
            }
            l.callbacks = kept.isEmpty() ? null : kept;
        }
        List<String> success = s.containsKey("success_callback") ? strings(s.get("success_callback")) : null;
        if (success != null) {
            s.remove("success_callback");
            List<String> kept = new ArrayList<>();
            for (String c : success) {
                if ("langfuse".equals(c)) {
                    langfuse(w + ".success_callback");
                } else {
                    kept.add(c);
                    customCallback(w + ".success_callback", c);
                }
            }
            l.successCallbacks = kept.isEmpty() ? null : kept;
        }
        cache(s);
        Map<String, Object> rest = scrub(w, s, "LITELLM_SETTINGS");
        if (!rest.isEmpty()) {
            l.extra = FreeForm.of(rest);
        }
        spec.litellmSettings = l;
    }

    private void langfuse(String where) {
        report(Kind.LOST, where, "langfuse removed: its host and keys are in the proxy environment (LANGFUSE_HOST,"
                + " LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY): set spec.observability.langfuse (host, and publicKeyRef/secretKeyRef"
                + " to Secret " + secret + " keys LANGFUSE_PUBLIC_KEY/LANGFUSE_SECRET_KEY) and the operator adds the callback");
    }

    private void customCallback(String where, String callback) {
        if (callback.contains(".")) {
            report(Kind.MAPPED, where, callback + " kept; it is a Python module: the operator mounts only config.yaml, so the image"
                    + " must contain the module");
        }
    }

    /** litellm_settings.cache + cache_params -> spec.cache (Redis, or Dragonfly with --managed-cache). */
    private void cache(Map<String, Object> s) {
        if (!Boolean.TRUE.equals(s.get("cache"))) {
            return;
        }
        String w = "litellm_settings.cache_params";
        Map<String, Object> p = orEmpty(map(s.get("cache_params")));
        Object type = p.getOrDefault("type", "redis");
        if (!"redis".equals(type)) {
            report(Kind.MAPPED, w + ".type", type + ": kept as free-form litellm_settings (spec.cache covers Redis and Dragonfly)");
            return;
        }
        CacheSpec cache = new CacheSpec();
        if (options.managedCache()) {
            cache.type = CacheSpec.DRAGONFLY;
            List<String> dropped = new ArrayList<>();
            for (String key : List.of("host", "port", "password", "ssl")) {
                if (p.remove(key) != null) {
                    dropped.add(key);
                }
            }
            report(Kind.OPERATOR, w, "redis cache -> spec.cache.type Dragonfly (--managed-cache): the operator runs it and wires"
                    + " host, port and password" + (dropped.isEmpty() ? "" : "; the old " + String.join(", ", dropped) + " are not used"));
        } else {
            Object host = p.get("host");
            Integer port = p.containsKey("port") ? port(p.get("port")) : Integer.valueOf(6379);
            boolean ssl = Boolean.TRUE.equals(p.get("ssl"));
            if (!(host instanceof String h) || h.isBlank() || h.startsWith(PREFIX) || port == null
                    || (p.get("ssl") != null && !(p.get("ssl") instanceof Boolean))) {
                report(Kind.UNMAPPED, w, "host and port are not plain values here (LiteLLM then reads REDIS_HOST/REDIS_PORT from the"
                        + " environment): the cache stays free-form litellm_settings, without the operator's wiring; set"
                        + " spec.cache.redis.host, or import with --managed-cache for a Dragonfly run by the operator");
                return;
            }
            cache.type = CacheSpec.REDIS;
            cache.redis = new CacheSpec.Redis();
            cache.redis.host = h;
            cache.redis.port = port;
            if (ssl) {
                cache.redis.tls = true;
            }
            p.remove("host");
            p.remove("port");
            p.remove("ssl");
            ValueSource password = secretSource(w + ".password", p.remove("password"), "REDIS_PASSWORD");
            cache.redis.passwordSecretRef = password != null ? password.secretKeyRef : null;
            report(Kind.MAPPED, w, "redis " + h + ":" + port + " -> spec.cache.type Redis" + (password != null ? ", password from Secret "
                    + secret + " key " + password.secretKeyRef.key : ""));
        }
        p.remove("type");
        cache.ttl = cacheParam(p, "ttl", Coercion.integer(1));
        cache.mode = cacheParam(p, "mode", Coercion.string(CacheSpec.MODE_PATTERN));
        cache.namespace = cacheParam(p, "namespace", Coercion.string(CacheSpec.NAMESPACE_PATTERN));
        cache.supportedCallTypes = cacheParam(p, "supported_call_types", Coercion.STRINGS);
        for (String key : p.keySet()) {
            report(Kind.LOST, w + "." + key, "spec.cache has no field for it: not carried");
        }
        s.remove("cache");
        s.remove("cache_params");
        spec.cache = cache;
        typedCache = true;
    }

    private <T> T cacheParam(Map<String, Object> p, String key, Coercion<T> coercion) {
        Object v = p.remove(key);
        T t = coercion.read(v);
        if (v != null && t == null) {
            report(Kind.LOST, "litellm_settings.cache_params." + key, "does not fit spec.cache: not carried");
        }
        return t;
    }

    // ---- router_settings

    private void routerSettings(Object section) {
        Map<String, Object> s = section("router_settings", section);
        if (s == null) {
            return;
        }
        String w = "router_settings";
        RouterSettings r = new RouterSettings();
        typed(RouterSettingsOptions.ALL, s, r, w, "extra");
        r.fallbacks = fallbacks(s, "fallbacks");
        r.contextWindowFallbacks = fallbacks(s, "context_window_fallbacks");
        r.contentPolicyFallbacks = fallbacks(s, "content_policy_fallbacks");
        for (String key : ROUTER_REDIS_KEYS) {
            if (!s.containsKey(key)) {
                continue;
            }
            if (typedCache) {
                s.remove(key);
                report(Kind.OPERATOR, w + "." + key, "dropped: the operator points the router at spec.cache");
            } else {
                report(Kind.MAPPED, w + "." + key, "kept in routerSettings.extra: without a spec.cache the operator does not wire the"
                        + " router's Redis");
            }
        }
        if (typedCache && map(s.get("cache_kwargs")) != null) {
            // What the operator derives from spec.cache for the router's Redis client (TLS, key prefix).
            Map<String, Object> kwargs = new LinkedHashMap<>(map(s.get("cache_kwargs")));
            List<String> derived = new ArrayList<>();
            if (Boolean.TRUE.equals(kwargs.get("ssl")) && spec.cache.redis != null && Boolean.TRUE.equals(spec.cache.redis.tls)) {
                kwargs.remove("ssl");
                derived.add("ssl");
            }
            if (kwargs.get("namespace") != null && kwargs.get("namespace").equals(spec.cache.namespace)) {
                kwargs.remove("namespace");
                derived.add("namespace");
            }
            if (!derived.isEmpty()) {
                report(Kind.OPERATOR, w + ".cache_kwargs", String.join(", ", derived) + " dropped: the operator derives them from spec.cache");
                if (kwargs.isEmpty()) {
                    s.remove("cache_kwargs");
                } else {
                    s.put("cache_kwargs", kwargs);
                }
            }
        }
        Map<String, Object> rest = scrub(w, s, "ROUTER_SETTINGS");
        if (!rest.isEmpty()) {
            r.extra = FreeForm.of(rest);
        }
        spec.routerSettings = r;
    }

    /** LiteLLM's [{model: [fallback, ...]}, ...] -> typed, when every name is a model here (the operator checks that). */
    private List<RouterSettings.Fallback> fallbacks(Map<String, Object> s, String key) {
        Object v = s.get(key);
        if (v == null) {
            s.remove(key);
            return null;
        }
        List<RouterSettings.Fallback> out = new ArrayList<>();
        boolean fits = v instanceof List<?>;
        for (Object item : fits ? (List<?>) v : List.of()) {
            Map<String, Object> entry = map(item);
            if (entry == null || entry.isEmpty()) {
                fits = false;
                break;
            }
            for (Map.Entry<String, Object> e : entry.entrySet()) {
                List<String> to = strings(e.getValue());
                if (to == null || to.isEmpty() || to.size() > RouterSettings.FALLBACK_TO_MAX || !modelNames.contains(e.getKey()) || !modelNames.containsAll(to)) {
                    fits = false;
                    break;
                }
                RouterSettings.Fallback f = new RouterSettings.Fallback();
                f.model = e.getKey();
                f.to = to;
                out.add(f);
            }
        }
        if (!fits || out.isEmpty() || out.size() > RouterSettings.FALLBACKS_MAX) {
            report(Kind.MAPPED, "router_settings." + key, "kept in routerSettings.extra as written (names models not in model_list,"
                    + " or not in the [{model: [fallbacks]}] form): not checked by the operator");
            return null;
        }
        s.remove(key);
        return out;
    }

    // ---- general_settings

    private void generalSettings(Object section, Map<String, Object> environment) {
        Map<String, Object> s = section("general_settings", section);
        String w = "general_settings";
        if (s == null) {
            s = new LinkedHashMap<>();
        }
        Object master = s.remove("master_key");
        String masterWhere = w + ".master_key";
        if (master == null && environment.containsKey(ProxyEnvironment.MASTER_KEY)) {
            // LiteLLM falls back to this variable when general_settings has no master_key.
            masterWhere = "environment_variables." + ProxyEnvironment.MASTER_KEY;
            master = environment.remove(ProxyEnvironment.MASTER_KEY);
        }
        if (master != null) {
            ValueSource ref = secretSource(masterWhere, master, ProxyEnvironment.MASTER_KEY);
            if (ref != null) {
                spec.masterKeySecretRef = ref.secretKeyRef;
                report(Kind.OPERATOR, masterWhere, "dropped: the operator renders it from spec.masterKeySecretRef, set to Secret "
                        + secret + " key " + ref.secretKeyRef.key + " so the current master key stays valid");
            }
        } else {
            report(Kind.OPERATOR, w + ".master_key", "not set: the old proxy accepted requests without a key; the operator always sets"
                    + " one (generated into Secret " + options.name() + "-keys unless spec.masterKeySecretRef is set)");
        }
        Object url = s.remove("database_url");
        // Without database_url LiteLLM connects to DATABASE_URL from its environment; store_model_in_db shows it did.
        boolean fromEnvironment = url == null && Boolean.TRUE.equals(s.get("store_model_in_db"));
        // A literal URL holds the database password: like any literal secret it becomes a Secret key to fill in by hand.
        ValueSource db = secretSource(w + ".database_url", fromEnvironment ? PREFIX + ProxyEnvironment.DATABASE_URL : url,
                ProxyEnvironment.DATABASE_URL);
        if (db != null) {
            spec.database = new DatabaseSpec();
            spec.database.type = DatabaseSpec.EXTERNAL;
            spec.database.external = new DatabaseSpec.External();
            spec.database.external.urlSecretRef = db.secretKeyRef;
            report(Kind.MAPPED, w + ".database_url", (fromEnvironment ? "not set, and store_model_in_db needs a database: LiteLLM"
                    + " read it from DATABASE_URL in its environment " : "") + "-> spec.database External, URL from Secret " + secret
                    + " key " + db.secretKeyRef.key + " (the same database: keys, teams, budgets and spend stay)");
        } else if (url == null) {
            report(Kind.UNMAPPED, w + ".database_url", "not set: if the old proxy had DATABASE_URL in its environment, LiteLLM used"
                    + " that database; to keep it set spec.database: {type: External, external: {urlSecretRef: {name: " + secret
                    + ", key: DATABASE_URL}}}");
        }
        saltKey(db != null || Boolean.TRUE.equals(s.get("store_model_in_db")), environment);
        GeneralSettings g = new GeneralSettings();
        typed(GeneralSettingsOptions.ALL, s, g, w, "extra");
        alerting(s);
        if (SSO_KEYS.stream().anyMatch(s::containsKey)) {
            report(Kind.MAPPED, w + "." + String.join("/", SSO_KEYS.stream().filter(s::containsKey).toList()), "kept in"
                    + " generalSettings.extra; the SSO and JWT endpoints (GENERIC_*, JWT_PUBLIC_KEY_URL) were in the proxy environment:"
                    + " set spec.sso so the operator wires them");
        }
        Map<String, Object> rest = scrub(w, s, "GENERAL_SETTINGS");
        if (!rest.isEmpty()) {
            g.extra = FreeForm.of(rest);
        }
        if (section != null) {
            spec.generalSettings = g;
        }
    }

    /**
     * LiteLLM encrypts what it stores in the database (model credentials, MCP secrets) with LITELLM_SALT_KEY, or with
     * the master key when it has none; a new salt key would make all of it unreadable. The salt key is never in
     * config.yaml (except in environment_variables), so it is carried as Secret key LITELLM_SALT_KEY, which the Secret
     * created from the old environment holds. A pod without that key does not start: nothing is lost unnoticed.
     */
    private void saltKey(boolean database, Map<String, Object> environment) {
        Object given = environment.remove(ProxyEnvironment.SALT_KEY);
        if (given == null && !database) {
            return;
        }
        String where = given != null ? "environment_variables." + ProxyEnvironment.SALT_KEY : ProxyEnvironment.SALT_KEY;
        ValueSource ref = given != null ? secretSource(where, given, ProxyEnvironment.SALT_KEY)
                : ValueSource.secret(secret, envName(where, PREFIX + ProxyEnvironment.SALT_KEY));
        if (ref == null) {
            return;
        }
        spec.saltKeySecretRef = ref.secretKeyRef;
        report(Kind.SECRET, where, "-> spec.saltKeySecretRef, Secret " + secret + " key " + ref.secretKeyRef.key + ": it must hold"
                + " the old proxy's LITELLM_SALT_KEY (its master key if it had none), or what the database stores encrypted"
                + " cannot be read");
    }

    private void alerting(Map<String, Object> s) {
        Object alerting = s.get("alerting");
        if (alerting == null) {
            return;
        }
        String w = "general_settings.alerting";
        Object threshold = s.get("alerting_threshold");
        Object types = s.get("alert_types");
        if (List.of("slack").equals(strings(alerting)) && (threshold == null || integerValue(threshold, 1) != null)
                && (types == null || strings(types) != null)) {
            ObservabilitySpec.Alerting a = new ObservabilitySpec.Alerting();
            a.webhookUrlSecretRef = new SecretKeyRef(secret, "SLACK_WEBHOOK_URL");
            a.threshold = threshold != null ? integerValue(threshold, 1) : null;
            a.alertTypes = types != null ? strings(types) : null;
            s.remove("alerting");
            s.remove("alerting_threshold");
            s.remove("alert_types");
            secretKeys.add("SLACK_WEBHOOK_URL");
            observability().alerting = a;
            report(Kind.MAPPED, w, "slack -> spec.observability.alerting, webhook from Secret " + secret
                    + " key SLACK_WEBHOOK_URL (the variable LiteLLM read it from)");
        } else {
            report(Kind.UNMAPPED, w, "kept in generalSettings.extra: the operator wires Slack only; the variables these alerts read"
                    + " (webhook URLs, SMTP...) are not carried: add them to spec.env");
        }
    }

    // ---- pass-through sections

    private List<FreeForm> freeFormList(String where, Object section, String nameKey) {
        List<?> list = list(where, section);
        if (list == null) {
            return null;
        }
        List<FreeForm> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Map<String, Object> entry = map(list.get(i));
            if (entry == null) {
                report(Kind.LOST, where + "[" + i + "]", "not a map: not carried");
                continue;
            }
            String hint = entry.get(nameKey) != null ? String.valueOf(entry.get(nameKey)) : where + "_" + i;
            out.add(FreeForm.of(scrub(where + "[" + i + "]", entry, hint)));
            if ("guardrails".equals(where) && map(entry.get("litellm_params")) != null
                    && "presidio".equals(map(entry.get("litellm_params")).get("guardrail"))) {
                report(Kind.MAPPED, where + "[" + hint + "]", "presidio guardrail: set spec.presidio.enabled for analyzer and"
                        + " anonymizer sidecars (the operator then sets PRESIDIO_*_API_BASE)");
            }
        }
        report(Kind.MAPPED, where, out.size() + " entries passed through");
        return out.isEmpty() ? null : out;
    }

    private FreeForm freeFormMap(String where, Object section, String hint) {
        Map<String, Object> s = section(where, section);
        if (s == null || s.isEmpty()) {
            return null;
        }
        report(Kind.MAPPED, where, s.size() + " entries passed through");
        return FreeForm.of(scrub(where, s, hint));
    }

    private void environmentVariables(Map<String, Object> vars) {
        if (vars.isEmpty()) {
            return;
        }
        List<String> referenced = vars.keySet().stream().filter(reserved::contains).toList();
        report(Kind.LOST, "environment_variables", vars.size() + " variables (" + String.join(", ", vars.keySet())
                + ") not carried: values in config.yaml cannot be carried safely; put them into Secret " + secret
                + " and list them in spec.env" + (referenced.isEmpty() ? "" : "; " + String.join(", ", referenced)
                        + " are referenced as os.environ/ and must be in the Secret"));
    }

    // ---- secrets and free-form values

    /** A secret-only setting (api_key, password): os.environ/NAME -> key NAME; a literal -> a derived key, never copied. */
    private ValueSource secretSource(String where, Object value, String hint) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s && s.startsWith(PREFIX)) {
            String name = envName(where, s);
            return name != null ? ValueSource.secret(secret, name) : null;
        }
        return ValueSource.secret(secret, literal(where, String.valueOf(value), hint));
    }

    /** A setting that may be plain (api_base, api_version): os.environ/NAME -> key NAME; otherwise kept as the value. */
    private ValueSource source(String where, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s && s.startsWith(PREFIX)) {
            String name = envName(where, s);
            return name != null ? ValueSource.secret(secret, name) : null;
        }
        if (value instanceof Date d) {
            SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd", Locale.ROOT);
            f.setTimeZone(TimeZone.getTimeZone("UTC"));
            return ValueSource.plain(f.format(d));
        }
        return ValueSource.plain(String.valueOf(value));
    }

    private String envName(String where, String reference) {
        String name = variable(reference.substring(PREFIX.length()));
        if (!SECRET_KEY_NAME.matcher(name).matches()) {
            report(Kind.INVALID, where, "os.environ/" + name + " is not a usable Secret key name: not carried");
            return null;
        }
        secretKeys.add(name);
        return name;
    }

    private String literal(String where, String value, String hint) {
        String key = literalKeys.get(value);
        if (key == null) {
            String base = envSafe(hint);
            key = base;
            for (int i = 2; reserved.contains(key) || literalKeys.containsValue(key); i++) {
                key = base + "_" + i;
            }
            literalKeys.put(value, key);
        }
        secretKeys.add(key);
        report(Kind.SECRET, where, "literal value not copied: move this value into Secret " + secret + " key " + key);
        return key;
    }

    /**
     * A deep copy of a free-form section in which os.environ/NAME stays (NAME goes to spec.env) and a literal value under
     * a secret-looking key becomes os.environ/KEY with KEY a derived key of the Secret.
     */
    private Map<String, Object> scrub(String where, Map<String, Object> section, String hint) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : section.entrySet()) {
            String key = e.getKey();
            String path = where + "." + key;
            Object v = e.getValue();
            if (v instanceof String s && s.startsWith(PREFIX)) {
                String name = envName(path, s);
                if (name != null) {
                    freeFormEnv.add(name);
                }
                out.put(key, name != null ? PREFIX + name : s);
            } else if (v instanceof String s && !s.isEmpty() && SECRET_KEY.matcher(key).matches()) {
                String derived = literal(path, s, hint + "_" + key);
                freeFormEnv.add(derived);
                out.put(key, PREFIX + derived);
            } else {
                out.put(key, scrubValue(path, v, hint));
            }
        }
        return out;
    }

    private Object scrubValue(String where, Object value, String hint) {
        if (value instanceof Map<?, ?>) {
            return scrub(where, map(value), hint);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                if (item instanceof String s && s.startsWith(PREFIX)) {
                    report(Kind.UNMAPPED, where + "[" + i + "]", s + " stands in a list, where LiteLLM does not resolve os.environ/"
                            + " (it was a literal string before too)");
                }
                out.add(scrubValue(where + "[" + i + "]", item, hint));
            }
            return out;
        }
        return value;
    }

    /** Free-form references need their variable: NAME from the Secret's key NAME, unless the operator sets NAME itself. */
    private void env(LiteLLMGateway gateway) {
        if (freeFormEnv.isEmpty()) {
            return;
        }
        EnvPlan operatorEnv = new EnvPlan();
        ProxyEnvironment.wire(spec, Names.of(gateway), null, operatorEnv);
        List<EnvVar> env = new ArrayList<>();
        for (String name : freeFormEnv) {
            if (operatorEnv.defines(name)) {
                report(Kind.OPERATOR, PREFIX + name, "the operator sets " + name + " itself: not added to spec.env");
                continue;
            }
            env.add(new EnvVarBuilder().withName(name)
                    .withNewValueFrom().withNewSecretKeyRef(name, secret, null).endValueFrom()
                    .build());
        }
        if (!env.isEmpty()) {
            spec.env = env;
            report(Kind.MAPPED, "spec.env", env.size() + " variables referenced from free-form sections ("
                    + String.join(", ", env.stream().map(EnvVar::getName).toList()) + "), from Secret " + secret + " keys of the same name");
        }
    }

    private void collectEnvNames(Object value) {
        if (value instanceof Map<?, ?> m) {
            m.values().forEach(this::collectEnvNames);
        } else if (value instanceof List<?> l) {
            l.forEach(this::collectEnvNames);
        } else if (value instanceof String s && s.startsWith(PREFIX)) {
            reserved.add(variable(s.substring(PREFIX.length())));
        }
    }

    /**
     * The variable name the user knows: a name the operator generated for key K of this import's Secret
     * (LLMGW_SECRET__K, from a config the operator rendered) is K again, so importing a rendered config does not
     * wrap names once more on every round trip.
     */
    private String variable(String name) {
        String key = EnvPlan.generatedKey(name, secret);
        if (key == null) {
            return name;
        }
        if (readBack.add(name)) {
            readBackKeys.add(key);
        }
        return key;
    }

    // ---- typed conversions: null when the value does not fit, and then it stays free-form

    /**
     * Moves each key of the table found in {@code from} into its typed field of {@code into}. A key LiteLLM does not
     * read (UnreadSettings) stays where it was, and so does a value that does not fit the typed field.
     */
    private <S> void typed(List<Option<S, ?>> options, Map<String, Object> from, S into, String where, String freeForm) {
        for (Option<S, ?> option : options) {
            String key = option.key();
            if (!from.containsKey(key) || UnreadSettings.find(where, key).isPresent()) {
                continue;
            }
            Object v = from.get(key);
            if (v == null || option.read(v, into)) {
                from.remove(key);
            } else {
                report(Kind.MAPPED, where + "." + key, "kept in " + freeForm + " as written (does not fit the typed field)");
            }
        }
    }

    private ObservabilitySpec observability() {
        if (spec.observability == null) {
            spec.observability = new ObservabilitySpec();
        }
        return spec.observability;
    }

    private static Integer port(Object v) {
        Integer port = v instanceof String s && s.matches("[0-9]{1,5}") ? Integer.valueOf(s) : integerValue(v, 1);
        return port != null && port >= 1 && port <= 65535 ? port : null;
    }

    // ---- plumbing

    private Map<String, Object> section(String where, Object section) {
        if (section == null) {
            return null;
        }
        Map<String, Object> m = map(section);
        if (m == null) {
            report(Kind.LOST, where, "not a map: not carried");
        }
        return m;
    }

    private List<?> list(String where, Object section) {
        if (section == null) {
            return null;
        }
        if (!(section instanceof List<?> list)) {
            report(Kind.LOST, where, "not a list: not carried");
            return null;
        }
        return list;
    }

    /** A mutable copy with string keys, or null when the value is not a map. */
    static Map<String, Object> map(Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static Map<String, Object> orEmpty(Map<String, Object> m) {
        return m != null ? m : new LinkedHashMap<>();
    }

    private static String envSafe(String s) {
        String safe = s.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_+|_+$", "");
        return safe.isEmpty() || Character.isDigit(safe.charAt(0)) ? "_" + safe : safe;
    }

    private void report(Kind kind, String where, String message) {
        report.add(new Line(kind, where, message));
    }
}
