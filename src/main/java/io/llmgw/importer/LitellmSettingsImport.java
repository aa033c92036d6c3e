package io.llmgw.importer;

import static io.llmgw.importer.YamlValues.map;
import static io.llmgw.importer.YamlValues.orEmpty;
import static io.llmgw.model.options.Coercion.integerValue;
import static io.llmgw.model.options.Coercion.strings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmgw.api.v1alpha1.CacheSpec;
import io.llmgw.api.v1alpha1.FreeForm;
import io.llmgw.api.v1alpha1.LitellmSettings;
import io.llmgw.api.v1alpha1.ObservabilitySpec;
import io.llmgw.api.v1alpha1.ValueSource;
import io.llmgw.importer.Importer.Kind;
import io.llmgw.model.Defaults;
import io.llmgw.model.EnvPlan;
import io.llmgw.model.UnreadSettings;
import io.llmgw.model.options.Coercion;
import io.llmgw.model.options.LitellmSettingsOptions;

/**
 * litellm_settings into spec.litellmSettings (through {@link LitellmSettingsOptions}), its callbacks into
 * spec.observability where the operator wires them, and cache/cache_params into spec.cache.
 */
final class LitellmSettingsImport extends SectionImport {

    LitellmSettingsImport(ImportSession session) {
        super(session);
    }

    /**
     * Keys LiteLLM accepts without reading (UnreadSettings) stay where they were, in litellmSettings.extra: moving one
     * to a typed field would start enforcing what the old proxy never did (an upload limit, telemetry), and dropping it
     * would hide that the user believed in it. The operator then warns about them, or refuses proxy-wide limits.
     */
    private void unreadSettings(Map<String, Object> s) {
        for (UnreadSettings.Entry e : UnreadSettings.ALL) {
            if (UnreadSettings.LITELLM_SETTINGS.equals(e.section()) && s.containsKey(e.key())) {
                session.report(Kind.IGNORED, e.path(), "kept where it was; LiteLLM " + Defaults.LITELLM_TAG + " does not read it: " + e.why()
                        + (e.refused() ? " (the operator refuses it: remove it once you have read this)" : ""));
            }
        }
    }

    void read(Object section) {
        Map<String, Object> s = session.section("litellm_settings", section);
        if (s == null) {
            return;
        }
        String w = "litellm_settings";
        unreadSettings(s);
        LitellmSettings l = new LitellmSettings();
        session.typed(LitellmSettingsOptions.SETTINGS, s, l, w, "extra");
        session.typed(LitellmSettingsOptions.CALLBACK_LISTS, s, l, w, "extra");

        List<String> callbacks = s.containsKey("callbacks") ? strings(s.get("callbacks")) : null;
        if (callbacks != null) {
            s.remove("callbacks");
            List<String> kept = new ArrayList<>();
            for (String c : callbacks) {
                switch (c) {
                    case "prometheus" -> {
                        session.observability().prometheus = new ObservabilitySpec.Prometheus();
                        session.observability().prometheus.enabled = true;
                        session.report(Kind.MAPPED, w + ".callbacks", "prometheus -> spec.observability.prometheus.enabled (add a serviceMonitor"
                                + " to have it scraped)");
                    }
                    case "otel" -> session.report(Kind.LOST, w + ".callbacks", "otel removed: its endpoint is in the proxy environment"
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
        Map<String, Object> rest = secrets.scrub(w, s, "LITELLM_SETTINGS");
        if (!rest.isEmpty()) {
            l.extra = FreeForm.of(rest);
        }
        spec.litellmSettings = l;
    }

    private void langfuse(String where) {
        session.report(Kind.LOST, where, "langfuse removed: its host and keys are in the proxy environment (LANGFUSE_HOST,"
                + " LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY): set spec.observability.langfuse (host, and publicKeyRef/secretKeyRef"
                + " to Secret " + secret + " keys LANGFUSE_PUBLIC_KEY/LANGFUSE_SECRET_KEY) and the operator adds the callback");
    }

    private void customCallback(String where, String callback) {
        if (callback.contains(".")) {
            session.report(Kind.MAPPED, where, callback + " kept; it is a Python module: the operator mounts only config.yaml, so the image"
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
            session.report(Kind.MAPPED, w + ".type", type + ": kept as free-form litellm_settings (spec.cache covers Redis and Dragonfly)");
            return;
        }
        CacheSpec cache = new CacheSpec();
        if (session.options.managedCache()) {
            cache.type = CacheSpec.DRAGONFLY;
            List<String> dropped = new ArrayList<>();
            for (String key : List.of("host", "port", "password", "ssl")) {
                if (p.remove(key) != null) {
                    dropped.add(key);
                }
            }
            session.report(Kind.OPERATOR, w, "redis cache -> spec.cache.type Dragonfly (--managed-cache): the operator runs it and wires"
                    + " host, port and password" + (dropped.isEmpty() ? "" : "; the old " + String.join(", ", dropped) + " are not used"));
        } else {
            Object host = p.get("host");
            Integer port = p.containsKey("port") ? port(p.get("port")) : Integer.valueOf(6379);
            boolean ssl = Boolean.TRUE.equals(p.get("ssl"));
            if (!(host instanceof String h) || h.isBlank() || h.startsWith(EnvPlan.ENV_PREFIX) || port == null
                    || (p.get("ssl") != null && !(p.get("ssl") instanceof Boolean))) {
                session.report(Kind.UNMAPPED, w, "host and port are not plain values here (LiteLLM then reads REDIS_HOST/REDIS_PORT from the"
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
            ValueSource password = secrets.secretSource(w + ".password", p.remove("password"), "REDIS_PASSWORD");
            cache.redis.passwordSecretRef = password != null ? password.secretKeyRef : null;
            session.report(Kind.MAPPED, w, "redis " + h + ":" + port + " -> spec.cache.type Redis" + (password != null ? ", password from Secret "
                    + secret + " key " + password.secretKeyRef.key : ""));
        }
        p.remove("type");
        cache.ttl = cacheParam(p, "ttl", Coercion.integer(1));
        cache.mode = cacheParam(p, "mode", Coercion.string(CacheSpec.MODE_PATTERN));
        cache.namespace = cacheParam(p, "namespace", Coercion.string(CacheSpec.NAMESPACE_PATTERN));
        cache.supportedCallTypes = cacheParam(p, "supported_call_types", Coercion.STRINGS);
        for (String key : p.keySet()) {
            session.report(Kind.LOST, w + "." + key, "spec.cache has no field for it: not carried");
        }
        s.remove("cache");
        s.remove("cache_params");
        spec.cache = cache;
    }

    private <T> T cacheParam(Map<String, Object> p, String key, Coercion<T> coercion) {
        Object v = p.remove(key);
        T t = coercion.read(v);
        if (v != null && t == null) {
            session.report(Kind.LOST, "litellm_settings.cache_params." + key, "does not fit spec.cache: not carried");
        }
        return t;
    }

    private static Integer port(Object v) {
        Integer port = v instanceof String s && s.matches("[0-9]{1,5}") ? Integer.valueOf(s) : integerValue(v, 1);
        return port != null && port >= 1 && port <= 65535 ? port : null;
    }
}
