package io.llmgw.importer;

import static io.llmgw.importer.YamlValues.map;
import static io.llmgw.model.options.Coercion.strings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmgw.api.v1alpha1.FreeForm;
import io.llmgw.api.v1alpha1.RouterSettings;
import io.llmgw.importer.Importer.Kind;
import io.llmgw.model.options.RouterSettingsOptions;

/**
 * router_settings into spec.routerSettings (through {@link RouterSettingsOptions}); fallbacks only when they name
 * models of model_list, and the router's Redis keys dropped when spec.cache now wires them.
 */
final class RouterSettingsImport extends SectionImport {
    private static final List<String> ROUTER_REDIS_KEYS = List.of("redis_host", "redis_port", "redis_password", "redis_url");

    RouterSettingsImport(ImportSession session) {
        super(session);
    }

    void read(Object section, Set<String> modelNames) {
        Map<String, Object> s = session.section("router_settings", section);
        if (s == null) {
            return;
        }
        String w = "router_settings";
        RouterSettings r = new RouterSettings();
        session.typed(RouterSettingsOptions.ALL, s, r, w, "extra");
        r.fallbacks = fallbacks(s, "fallbacks", modelNames);
        r.contextWindowFallbacks = fallbacks(s, "context_window_fallbacks", modelNames);
        r.contentPolicyFallbacks = fallbacks(s, "content_policy_fallbacks", modelNames);
        for (String key : ROUTER_REDIS_KEYS) {
            if (!s.containsKey(key)) {
                continue;
            }
            if (typedCache()) {
                s.remove(key);
                session.report(Kind.OPERATOR, w + "." + key, "dropped: the operator points the router at spec.cache");
            } else {
                session.report(Kind.MAPPED, w + "." + key, "kept in routerSettings.extra: without a spec.cache the operator does not wire the"
                        + " router's Redis");
            }
        }
        if (typedCache() && map(s.get("cache_kwargs")) != null) {
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
                session.report(Kind.OPERATOR, w + ".cache_kwargs", String.join(", ", derived) + " dropped: the operator derives them from spec.cache");
                if (kwargs.isEmpty()) {
                    s.remove("cache_kwargs");
                } else {
                    s.put("cache_kwargs", kwargs);
                }
            }
        }
        Map<String, Object> rest = secrets.scrub(w, s, "ROUTER_SETTINGS");
        if (!rest.isEmpty()) {
            r.extra = FreeForm.of(rest);
        }
        spec.routerSettings = r;
    }

    /** LiteLLM's [{model: [fallback, ...]}, ...] -> typed, when every name is a model here (the operator checks that). */
    private List<RouterSettings.Fallback> fallbacks(Map<String, Object> s, String key, Set<String> modelNames) {
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
            session.report(Kind.MAPPED, "router_settings." + key, "kept in routerSettings.extra as written (names models not in model_list,"
                    + " or not in the [{model: [fallbacks]}] form): not checked by the operator");
            return null;
        }
        s.remove(key);
        return out;
    }

    /** litellm_settings' cache became spec.cache: the operator points the router at it. */
    private boolean typedCache() {
        return spec.cache != null;
    }
}
