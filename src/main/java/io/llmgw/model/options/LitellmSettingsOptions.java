package io.llmgw.model.options;

import java.util.List;

import io.llmgw.api.v1alpha1.LitellmSettings;

/**
 * The litellm_settings keys that map one to one onto spec.litellmSettings fields, in the order they are rendered.
 * Special, and handled by the renderer and importer themselves: callbacks and success_callback (spec.observability
 * adds to them), cache and cache_params (spec.cache), max_file_size_mb (rendered into general_settings) and telemetry
 * (an environment variable). Keys listed in UnreadSettings (tpm_limit, rpm_limit) are rendered, to be refused, but
 * never imported into typed fields: they stay free-form where the user wrote them.
 */
public final class LitellmSettingsOptions {
    /** Rendered before the callbacks. */
    public static final List<Option<LitellmSettings, ?>> SETTINGS = List.of(
            new Option<>("turn_off_message_logging", l -> l.turnOffMessageLogging, (l, v) -> l.turnOffMessageLogging = v, Coercion.BOOLEAN),
            new Option<>("redact_user_api_key_info", l -> l.redactUserApiKeyInfo, (l, v) -> l.redactUserApiKeyInfo = v, Coercion.BOOLEAN),
            new Option<>("redact_messages_in_exceptions", l -> l.redactMessagesInExceptions, (l, v) -> l.redactMessagesInExceptions = v,
                    Coercion.BOOLEAN),
            new Option<>("drop_params", l -> l.dropParams, (l, v) -> l.dropParams = v, Coercion.BOOLEAN),
            new Option<>("request_timeout", l -> l.requestTimeout, (l, v) -> l.requestTimeout = v, Coercion.integer(1)),
            new Option<>("tpm_limit", l -> l.tpmLimit, (l, v) -> l.tpmLimit = v, Coercion.longInteger(0)),
            new Option<>("rpm_limit", l -> l.rpmLimit, (l, v) -> l.rpmLimit = v, Coercion.longInteger(0)),
            new Option<>("max_budget", l -> l.maxBudget, (l, v) -> l.maxBudget = v, Coercion.DECIMAL),
            new Option<>("budget_duration", l -> l.budgetDuration, (l, v) -> l.budgetDuration = v,
                    Coercion.string(LitellmSettings.BUDGET_DURATION_PATTERN)),
            new Option<>("json_logs", l -> l.jsonLogs, (l, v) -> l.jsonLogs = v, Coercion.BOOLEAN));

    /** The callback lists the operator does not add to, rendered after the callbacks. */
    public static final List<Option<LitellmSettings, ?>> CALLBACK_LISTS = List.of(
            new Option<>("failure_callback", l -> l.failureCallbacks, (l, v) -> l.failureCallbacks = v, Coercion.STRINGS),
            new Option<>("service_callback", l -> l.serviceCallbacks, (l, v) -> l.serviceCallbacks = v, Coercion.STRINGS));

    private LitellmSettingsOptions() {
    }
}
