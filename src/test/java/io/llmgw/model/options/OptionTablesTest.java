package io.llmgw.model.options;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.llmgw.api.v1alpha1.GeneralSettings;
import io.llmgw.api.v1alpha1.LitellmSettings;
import io.llmgw.api.v1alpha1.ModelSpec;
import io.llmgw.api.v1alpha1.RouterSettings;

/**
 * The tables are the only place that ties a config.yaml key to a spec field, for the renderer and the importer: each
 * entry must read and write the same field (a getter of one field with a setter of another would import into the
 * wrong place), render what it read, and every field of a section must be in its table or named as special.
 */
class OptionTablesTest {
    /** YAML values to try: each option takes at least one of them. */
    private static final List<Object> SAMPLES = List.of(true, 2048, "simple-shuffle", "30d", "chat", 12.5, List.of("a", "b"),
            Map.of("AuthenticationErrorRetries", 2, "BadRequestErrorRetries", 0), Map.of("type", "enabled", "budget_tokens", 2048),
            List.of(Map.of("location", "message", "role", "system")));

    @Test
    void routerSettings() {
        check(RouterSettingsOptions.ALL, RouterSettings::new,
                Set.of("fallbacks", "contextWindowFallbacks", "contentPolicyFallbacks", "extra"));
    }

    @Test
    void retryPolicy() {
        check(RouterSettingsOptions.RETRY_POLICY, RouterSettings.RetryPolicy::new, Set.of());
    }

    @Test
    void generalSettings() {
        check(GeneralSettingsOptions.ALL, GeneralSettings::new, Set.of("extra"));
    }

    @Test
    void litellmSettings() {
        List<Option<LitellmSettings, ?>> all = new ArrayList<>(LitellmSettingsOptions.SETTINGS);
        all.addAll(LitellmSettingsOptions.CALLBACK_LISTS);
        check(all, LitellmSettings::new, Set.of("callbacks", "successCallbacks", "maxFileSizeMb", "telemetry", "extra"));
    }

    @Test
    void models() {
        List<Option<ModelSpec, ?>> all = new ArrayList<>(ModelOptions.LITELLM_PARAMS);
        all.addAll(ModelOptions.MODEL_INFO);
        check(all, ModelSpec::new, Set.of("name", "model", "credential", "apiKey", "apiBase", "apiVersion", "id", "litellmParams",
                "modelInfo"));
    }

    @Test
    void valuesThatDoNotFitAreNotRead() {
        Option<RouterSettings, ?> timeout = option(RouterSettingsOptions.ALL, "timeout");
        assertThat(timeout.read(0, new RouterSettings())).as("below the schema's minimum").isFalse();
        assertThat(timeout.read("30", new RouterSettings())).as("a string").isFalse();
        Option<RouterSettings, ?> strategy = option(RouterSettingsOptions.ALL, "routing_strategy");
        assertThat(strategy.read("round-robin", new RouterSettings())).as("not the CRD's pattern").isFalse();
        Option<RouterSettings, ?> policy = option(RouterSettingsOptions.ALL, "retry_policy");
        assertThat(policy.read(Map.of("TimeoutErrorRetries", 1, "Unknown", 1), new RouterSettings()))
                .as("a mapping with a key the spec has no field for").isFalse();
        Option<LitellmSettings, ?> budget = option(LitellmSettingsOptions.SETTINGS, "max_budget");
        LitellmSettings l = new LitellmSettings();
        assertThat(budget.read(12.50, l)).isTrue();
        assertThat(l.maxBudget).isEqualTo("12.5");
    }

    private static <S> Option<S, ?> option(List<Option<S, ?>> table, String key) {
        return table.stream().filter(o -> o.key().equals(key)).findFirst().orElseThrow();
    }

    private static <S> void check(List<Option<S, ?>> table, Supplier<S> create, Set<String> special) {
        Set<String> covered = new TreeSet<>();
        Set<String> keys = new TreeSet<>();
        for (Option<S, ?> option : table) {
            assertThat(keys.add(option.key())).as("key %s twice", option.key()).isTrue();
            S target = create.get();
            Map<String, Object> defaults = fields(target);
            Object yaml = SAMPLES.stream().filter(v -> option.read(v, create.get())).findFirst().orElse(null);
            assertThat(yaml).as("a sample value %s takes", option.key()).isNotNull();
            option.read(yaml, target);
            Map<String, Object> changed = fields(target);
            changed.entrySet().removeIf(e -> java.util.Objects.equals(e.getValue(), defaults.get(e.getKey())));
            assertThat(changed).as("fields %s sets", option.key()).hasSize(1);
            String field = changed.keySet().iterator().next();
            assertThat(covered.add(field)).as("field %s in the table twice", field).isTrue();

            Map<String, Object> rendered = new LinkedHashMap<>();
            option.render(target, rendered);
            assertThat(rendered).as("%s renders what it read", option.key()).containsOnlyKeys(option.key());
            S again = create.get();
            assertThat(option.read(rendered.get(option.key()), again)).isTrue();
            assertThat(fields(again)).as("%s reads back what it rendered", option.key()).isEqualTo(fields(target));
        }
        Set<String> all = fields(create.get()).keySet();
        Set<String> expected = new TreeSet<>(all);
        expected.removeAll(special);
        assertThat(covered).as("every field is in the table or named as special").isEqualTo(expected);
        assertThat(all).as("special fields exist").containsAll(special);
    }

    /** Public instance fields by name, values compared by their rendering (nested spec classes have no equals). */
    private static Map<String, Object> fields(Object target) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : target.getClass().getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            try {
                Object v = f.get(target);
                out.put(f.getName(), v == null ? null : io.fabric8.kubernetes.client.utils.Serialization.asJson(v));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
