package io.llmgw.model.options;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.llmgw.api.v1alpha1.ModelSpec;
import io.llmgw.api.v1alpha1.ModelSpec.CacheControlInjectionPoint;
import io.llmgw.api.v1alpha1.ModelSpec.Thinking;

/**
 * The keys of a model_list entry that map one to one onto spec.models[] fields, in the order they are rendered.
 * Special, and handled by the renderer and importer themselves: model_name, model, litellm_credential_name, the
 * values that may come from Secrets (api_key, api_base, api_version) and model_info.id (derived when not set).
 */
public final class ModelOptions {
    /** litellm_params keys. */
    public static final List<Option<ModelSpec, ?>> LITELLM_PARAMS = List.of(
            new Option<>("rpm", m -> m.rpm, (m, v) -> m.rpm = v, Coercion.longInteger(0)),
            new Option<>("tpm", m -> m.tpm, (m, v) -> m.tpm = v, Coercion.longInteger(0)),
            new Option<>("weight", m -> m.weight, (m, v) -> m.weight = v, Coercion.integer(0)),
            new Option<>("order", m -> m.order, (m, v) -> m.order = v, Coercion.integer(0)),
            new Option<>("max_tokens", m -> m.maxTokens, (m, v) -> m.maxTokens = v, Coercion.integer(1)),
            new Option<>("timeout", m -> m.timeout, (m, v) -> m.timeout = v, Coercion.integer(1)),
            new Option<>("stream_timeout", m -> m.streamTimeout, (m, v) -> m.streamTimeout = v, Coercion.integer(1)),
            new Option<>("max_retries", m -> m.maxRetries, (m, v) -> m.maxRetries = v, Coercion.integer(0)),
            new Option<>("tags", m -> m.tags, (m, v) -> m.tags = v, Coercion.STRINGS),
            new Option<>("cache_control_injection_points", m -> m.cacheControlInjectionPoints, (m, v) -> m.cacheControlInjectionPoints = v,
                    new Coercion<>(ModelOptions::readInjectionPoints, ModelOptions::writeInjectionPoints)),
            new Option<>("thinking", m -> m.thinking, (m, v) -> m.thinking = v, new Coercion<>(ModelOptions::readThinking, ModelOptions::writeThinking)),
            new Option<>("merge_reasoning_content_in_choices", m -> m.mergeReasoningContentInChoices,
                    (m, v) -> m.mergeReasoningContentInChoices = v, Coercion.BOOLEAN));

    /** model_info keys. */
    public static final List<Option<ModelSpec, ?>> MODEL_INFO = List.of(
            new Option<>("mode", m -> m.mode, (m, v) -> m.mode = v, Coercion.string(ModelSpec.MODE_PATTERN)),
            new Option<>("base_model", m -> m.baseModel, (m, v) -> m.baseModel = v, Coercion.STRING),
            new Option<>("access_groups", m -> m.accessGroups, (m, v) -> m.accessGroups = v, Coercion.STRINGS),
            new Option<>("disable_background_health_check", m -> m.disableBackgroundHealthCheck,
                    (m, v) -> m.disableBackgroundHealthCheck = v, Coercion.BOOLEAN));

    private static final Pattern ROLE = Pattern.compile(CacheControlInjectionPoint.ROLE_PATTERN);
    private static final Pattern THINKING_TYPE = Pattern.compile(Thinking.TYPE_PATTERN);

    private ModelOptions() {
    }

    private static Object writeInjectionPoints(List<CacheControlInjectionPoint> points) {
        if (points.isEmpty()) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (CacheControlInjectionPoint p : points) {
            Map<String, Object> point = new LinkedHashMap<>();
            putSet(point, "location", p.location);
            putSet(point, "role", p.role);
            putSet(point, "index", p.index);
            out.add(point);
        }
        return out;
    }

    private static List<CacheControlInjectionPoint> readInjectionPoints(Object v) {
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            return null;
        }
        List<CacheControlInjectionPoint> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m) || !CacheControlInjectionPoint.LOCATION.equals(m.get("location"))
                    || !Set.of("location", "role", "index").containsAll(m.keySet())
                    || (m.get("role") != null && !(m.get("role") instanceof String r && ROLE.matcher(r).matches()))
                    || (m.get("index") != null && !(m.get("index") instanceof Integer))) {
                return null;
            }
            CacheControlInjectionPoint p = new CacheControlInjectionPoint();
            p.role = (String) m.get("role");
            p.index = (Integer) m.get("index");
            out.add(p);
        }
        return out;
    }

    private static Object writeThinking(Thinking t) {
        Map<String, Object> out = new LinkedHashMap<>();
        putSet(out, "type", t.type);
        putSet(out, "budget_tokens", t.budgetTokens);
        return out;
    }

    private static Thinking readThinking(Object v) {
        if (!(v instanceof Map<?, ?> m) || !(m.get("type") instanceof String type) || !THINKING_TYPE.matcher(type).matches()
                || !Set.of("type", "budget_tokens").containsAll(m.keySet())) {
            return null;
        }
        Integer budget = Coercion.integerValue(m.get("budget_tokens"), Thinking.BUDGET_TOKENS_MIN);
        if (m.get("budget_tokens") != null && budget == null) {
            return null;
        }
        Thinking t = new Thinking();
        t.type = type;
        t.budgetTokens = budget;
        return t;
    }

    private static void putSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
