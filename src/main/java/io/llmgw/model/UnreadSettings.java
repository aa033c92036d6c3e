package io.llmgw.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The single list of config.yaml keys the pinned LiteLLM ({@link Defaults#LITELLM_TAG}) accepts without reading them.
 * The proxy applies every {@code litellm_settings} key it does not handle by name as {@code setattr(litellm, key,
 * value)} (proxy_server.py, load_config): a key nothing reads as {@code litellm.<key>} is dropped silently. Each
 * entry was checked in the installed source (no reader of {@code litellm.<key>}, no {@code getattr} by that name);
 * acceptance/test_examples.py checks the rendered configs against the real package and lists this one as known.
 * It drives the render and ConfigValid warnings, the refusals ({@link #refused}) and the import report.
 */
public final class UnreadSettings {
    public static final String LITELLM_SETTINGS = "litellm_settings";

    /**
     * One key LiteLLM does not read. {@code refused}: the user asked for something (a proxy-wide limit) that then does
     * not exist, so the gateway is refused rather than run without it; otherwise a warning.
     */
    public record Entry(String section, String key, boolean refused, String why) {
        public String path() {
            return section + "." + key;
        }

        public String message() {
            return path() + " is not read by LiteLLM " + Defaults.LITELLM_TAG + ": " + why;
        }
    }

    public static final List<Entry> ALL = List.of(
            new Entry(LITELLM_SETTINGS, "tpm_limit", true, "there is no proxy-wide tokens-per-minute limit (nothing reads"
                    + " litellm.tpm_limit); limit models (spec.models[].tpm) or keys and teams (tpm_limit in the database)"),
            new Entry(LITELLM_SETTINGS, "rpm_limit", true, "there is no proxy-wide requests-per-minute limit (nothing reads"
                    + " litellm.rpm_limit); limit models (spec.models[].rpm) or keys and teams (rpm_limit in the database)"),
            new Entry(LITELLM_SETTINGS, "telemetry", false, "telemetry is governed by LITELLM_TELEMETRY_* variables, and the"
                    + " operator sets LITELLM_TELEMETRY_DISABLED unless spec.litellmSettings.telemetry is true"),
            new Entry(LITELLM_SETTINGS, "service_callbacks", false, "the key is service_callback (spec.litellmSettings.serviceCallbacks)"),
            new Entry(LITELLM_SETTINGS, "success_callbacks", false, "the key is success_callback (spec.litellmSettings.successCallbacks)"),
            new Entry(LITELLM_SETTINGS, "failure_callbacks", false, "the key is failure_callback (spec.litellmSettings.failureCallbacks)"),
            new Entry(LITELLM_SETTINGS, "max_file_size_mb", false, "the upload limit is read from general_settings"
                    + " (spec.litellmSettings.maxFileSizeMb renders it there)"));

    private UnreadSettings() {
    }

    public static Optional<Entry> find(String section, String key) {
        return ALL.stream().filter(e -> e.section().equals(section) && e.key().equals(key)).findFirst();
    }

    /** The entries whose key a rendered (or imported) config sets, in the order of {@link #ALL}. */
    public static List<Entry> in(Map<String, Object> config) {
        List<Entry> found = new ArrayList<>();
        for (Entry e : ALL) {
            if (config.get(e.section()) instanceof Map<?, ?> section && section.containsKey(e.key())) {
                found.add(e);
            }
        }
        return found;
    }
}
