package io.llmgw.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import io.llmgw.api.v1alpha1.CacheSpec;
import io.llmgw.api.v1alpha1.CredentialSpec;
import io.llmgw.api.v1alpha1.FreeForm;
import io.llmgw.api.v1alpha1.GeneralSettings;
import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;
import io.llmgw.api.v1alpha1.LitellmSettings;
import io.llmgw.api.v1alpha1.ModelSpec;
import io.llmgw.api.v1alpha1.ObservabilitySpec;
import io.llmgw.api.v1alpha1.RouterSettings;
import io.llmgw.api.v1alpha1.SsoSpec;
import io.llmgw.model.options.GeneralSettingsOptions;
import io.llmgw.model.options.LitellmSettingsOptions;
import io.llmgw.model.options.ModelOptions;
import io.llmgw.model.options.Option;
import io.llmgw.model.options.RouterSettingsOptions;

/**
 * Renders LiteLLM's config.yaml from a gateway spec: a pure, deterministic function (same spec, same bytes).
 * Secrets appear only as {@code os.environ/NAME}; the {@link EnvPlan} records where each NAME comes from.
 * Typed spec fields win over the free-form {@code extra} maps of the same section.
 */
public final class ConfigRenderer {
    private final LiteLLMGatewaySpec spec;
    private final EnvPlan env;
    private final Wiring wiring;

    /** Endpoints the operator decides (cache host, whether a database exists), resolved by the model. */
    public record Wiring(String cacheHost, Integer cachePort, boolean cachePassword, boolean cacheTls, boolean database) {
    }

    public ConfigRenderer(LiteLLMGatewaySpec spec, EnvPlan env, Wiring wiring) {
        this.spec = spec;
        this.env = env;
        this.wiring = wiring;
    }

    public Map<String, Object> render() {
        Map<String, Object> config = new LinkedHashMap<>();
        put(config, "model_list", modelList());
        put(config, "credential_list", credentialList());
        put(config, "litellm_settings", litellmSettings());
        put(config, "router_settings", routerSettings());
        put(config, "general_settings", generalSettings());
        if (spec.guardrails != null && !spec.guardrails.isEmpty()) {
            config.put("guardrails", spec.guardrails.stream().map(FreeForm::values).toList());
        }
        if (spec.mcpServers != null && !spec.mcpServers.values().isEmpty()) {
            config.put("mcp_servers", spec.mcpServers.values());
        }
        if (spec.prompts != null && !spec.prompts.isEmpty()) {
            config.put("prompts", spec.prompts.stream().map(FreeForm::values).toList());
        }
        return config;
    }

    public static String toYaml(Map<String, Object> config) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setWidth(4096);
        options.setSplitLines(false);
        return new Yaml(options).dump(config);
    }

    /** A stable id for a model without one: derived from its name, so reordering models changes nothing. */
    public static String defaultModelId(String modelName) {
        return Hashing.sha256Hex("llmgw:" + modelName, 8);
    }

    private List<Object> modelList() {
        List<Object> models = new ArrayList<>();
        for (ModelSpec m : spec.models) {
            Map<String, Object> params = new LinkedHashMap<>(values(m.litellmParams));
            params.put("model", m.model);
            put(params, "litellm_credential_name", m.credential);
            put(params, "api_key", env.value(m.apiKey));
            put(params, "api_base", env.value(m.apiBase));
            put(params, "api_version", env.value(m.apiVersion));
            render(ModelOptions.LITELLM_PARAMS, m, params);

            Map<String, Object> info = new LinkedHashMap<>(values(m.modelInfo));
            info.put("id", m.id != null ? m.id : defaultModelId(m.name));
            render(ModelOptions.MODEL_INFO, m, info);

            Map<String, Object> model = new LinkedHashMap<>();
            model.put("model_name", m.name);
            model.put("litellm_params", params);
            model.put("model_info", info);
            models.add(model);
        }
        return models;
    }

    private List<Object> credentialList() {
        if (spec.credentials == null || spec.credentials.isEmpty()) {
            return null;
        }
        List<Object> credentials = new ArrayList<>();
        for (CredentialSpec c : spec.credentials) {
            Map<String, Object> values = new LinkedHashMap<>();
            put(values, "api_key", env.value(c.apiKey));
            put(values, "api_base", env.value(c.apiBase));
            put(values, "api_version", env.value(c.apiVersion));
            Map<String, Object> credential = new LinkedHashMap<>();
            credential.put("credential_name", c.name);
            credential.put("credential_values", values);
            credential.put("credential_info", new LinkedHashMap<>(values(c.info)));
            credentials.add(credential);
        }
        return credentials;
    }

    private Map<String, Object> litellmSettings() {
        LitellmSettings s = spec.litellmSettings != null ? spec.litellmSettings : new LitellmSettings();
        ObservabilitySpec o = spec.observability;
        Map<String, Object> out = new LinkedHashMap<>(values(s.extra));
        // tpm_limit and rpm_limit are rendered to be refused (UnreadSettings): LiteLLM has no proxy-wide limit. Not
        // litellm_settings.telemetry: LiteLLM does not read it; ProxyEnvironment sets LITELLM_TELEMETRY_DISABLED instead.
        render(LitellmSettingsOptions.SETTINGS, s, out);

        List<String> callbacks = merged(s.callbacks);
        List<String> success = merged(s.successCallbacks);
        if (o != null && o.prometheus != null && o.prometheus.enabled) {
            addOnce(callbacks, "prometheus");
        }
        if (o != null && o.openTelemetry != null) {
            addOnce(callbacks, "otel");
        }
        if (o != null && o.langfuse != null) {
            addOnce(success, "langfuse");
        }
        put(out, "callbacks", callbacks.isEmpty() ? null : callbacks);
        put(out, "success_callback", success.isEmpty() ? null : success);
        render(LitellmSettingsOptions.CALLBACK_LISTS, s, out);

        if (spec.hasCache()) {
            CacheSpec cache = spec.cache;
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("type", "redis");
            params.put("host", wiring.cacheHost());
            params.put("port", wiring.cachePort());
            if (wiring.cachePassword()) {
                params.put("password", EnvPlan.ENV_PREFIX + ProxyEnvironment.REDIS_PASSWORD);
            }
            if (wiring.cacheTls()) {
                params.put("ssl", true);
            }
            put(params, "namespace", cache.namespace);
            put(params, "ttl", cache.ttl);
            put(params, "mode", cache.mode);
            put(params, "supported_call_types", cache.supportedCallTypes);
            out.put("cache", true);
            out.put("cache_params", params);
        }
        return out.isEmpty() ? null : out;
    }

    private Map<String, Object> routerSettings() {
        RouterSettings r = spec.routerSettings != null ? spec.routerSettings : new RouterSettings();
        Map<String, Object> out = new LinkedHashMap<>(values(r.extra));
        render(RouterSettingsOptions.ALL, r, out);
        put(out, "fallbacks", fallbacks(r.fallbacks));
        put(out, "context_window_fallbacks", fallbacks(r.contextWindowFallbacks));
        put(out, "content_policy_fallbacks", fallbacks(r.contentPolicyFallbacks));
        // Shared rate-limit and cooldown state across replicas (otherwise rpm/tpm are enforced per pod).
        if (spec.hasCache()) {
            out.put("redis_host", wiring.cacheHost());
            out.put("redis_port", wiring.cachePort());
            if (wiring.cachePassword()) {
                out.put("redis_password", EnvPlan.ENV_PREFIX + ProxyEnvironment.REDIS_PASSWORD);
            }
            // The router builds its own Redis client from redis_host/port/password plus cache_kwargs: without ssl it
            // would speak plain text to a TLS port, without the namespace gateways sharing one Redis would share
            // cooldowns and rpm/tpm counters of deployments with the same id.
            Map<String, Object> kwargs = new LinkedHashMap<>();
            if (out.get("cache_kwargs") instanceof Map<?, ?> given) {
                given.forEach((k, v) -> kwargs.put(String.valueOf(k), v));
            }
            if (wiring.cacheTls()) {
                kwargs.put("ssl", true);
            }
            put(kwargs, "namespace", spec.cache.namespace);
            if (!kwargs.isEmpty()) {
                out.put("cache_kwargs", kwargs);
            }
        }
        return out.isEmpty() ? null : out;
    }

    private Map<String, Object> generalSettings() {
        GeneralSettings g = spec.generalSettings != null ? spec.generalSettings : new GeneralSettings();
        Map<String, Object> out = new LinkedHashMap<>(values(g.extra));
        out.put("master_key", EnvPlan.ENV_PREFIX + ProxyEnvironment.MASTER_KEY);
        if (wiring.database()) {
            out.put("database_url", EnvPlan.ENV_PREFIX + ProxyEnvironment.DATABASE_URL);
        }
        render(GeneralSettingsOptions.ALL, g, out);
        // spec.litellmSettings.maxFileSizeMb: LiteLLM reads the upload limit from general_settings (the /files
        // endpoints), a litellm_settings.max_file_size_mb only becomes an unused module attribute.
        if (spec.litellmSettings != null) {
            put(out, "max_file_size_mb", spec.litellmSettings.maxFileSizeMb);
        }

        ObservabilitySpec o = spec.observability;
        if (o != null && o.alerting != null) {
            out.put("alerting", List.of("slack"));
            put(out, "alerting_threshold", o.alerting.threshold);
            put(out, "alert_types", o.alerting.alertTypes);
        }
        SsoSpec sso = spec.sso;
        if (sso != null) {
            put(out, "ui_access_mode", sso.uiAccessMode);
            if (sso.jwt != null && sso.jwt.enabled) {
                out.put("enable_jwt_auth", true);
                Map<String, Object> jwt = new LinkedHashMap<>();
                put(jwt, "user_id_jwt_field", sso.jwt.userIdClaim);
                put(jwt, "user_email_jwt_field", sso.jwt.userEmailClaim);
                put(jwt, "team_ids_jwt_field", sso.jwt.teamIdsClaim);
                put(jwt, "org_id_jwt_field", sso.jwt.orgIdClaim);
                put(jwt, "roles_jwt_field", sso.jwt.rolesClaim);
                out.put("litellm_jwtauth", jwt);
            }
        }
        return out;
    }

    private static List<Object> fallbacks(List<RouterSettings.Fallback> fallbacks) {
        if (fallbacks == null || fallbacks.isEmpty()) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (RouterSettings.Fallback f : fallbacks) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put(f.model, new ArrayList<>(f.to));
            out.add(entry);
        }
        return out;
    }

    private static <S> void render(List<Option<S, ?>> options, S from, Map<String, Object> to) {
        options.forEach(o -> o.render(from, to));
    }

    private static List<String> merged(List<String> given) {
        return given != null ? new ArrayList<>(given) : new ArrayList<>();
    }

    private static void addOnce(List<String> list, String value) {
        if (!list.contains(value)) {
            list.add(value);
        }
    }

    private static Map<String, Object> values(FreeForm f) {
        return f != null ? f.values() : Map.of();
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
