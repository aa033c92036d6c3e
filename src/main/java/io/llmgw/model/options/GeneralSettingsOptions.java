package io.llmgw.model.options;

import java.util.List;

import io.llmgw.api.v1alpha1.GeneralSettings;

/**
 * The general_settings keys that map one to one onto spec.generalSettings fields, in the order they are rendered.
 * Special, and handled by the renderer and importer themselves: master_key and database_url (rendered as variables
 * the operator sets), max_file_size_mb (from spec.litellmSettings), alerting (spec.observability.alerting) and the
 * SSO keys (spec.sso).
 */
public final class GeneralSettingsOptions {
    public static final List<Option<GeneralSettings, ?>> ALL = List.of(
            new Option<>("database_connection_pool_limit", g -> g.databaseConnectionPoolLimit, (g, v) -> g.databaseConnectionPoolLimit = v,
                    Coercion.integer(1)),
            new Option<>("database_connection_timeout", g -> g.databaseConnectionTimeout, (g, v) -> g.databaseConnectionTimeout = v,
                    Coercion.integer(1)),
            new Option<>("allow_requests_on_db_unavailable", g -> g.allowRequestsOnDbUnavailable, (g, v) -> g.allowRequestsOnDbUnavailable = v,
                    Coercion.BOOLEAN),
            new Option<>("disable_spend_logs", g -> g.disableSpendLogs, (g, v) -> g.disableSpendLogs = v, Coercion.BOOLEAN),
            new Option<>("disable_error_logs", g -> g.disableErrorLogs, (g, v) -> g.disableErrorLogs = v, Coercion.BOOLEAN),
            new Option<>("store_model_in_db", g -> g.storeModelInDb, (g, v) -> g.storeModelInDb = v, Coercion.BOOLEAN),
            new Option<>("store_prompts_in_spend_logs", g -> g.storePromptsInSpendLogs, (g, v) -> g.storePromptsInSpendLogs = v,
                    Coercion.BOOLEAN),
            new Option<>("proxy_batch_write_at", g -> g.proxyBatchWriteAt, (g, v) -> g.proxyBatchWriteAt = v, Coercion.integer(1)),
            new Option<>("proxy_budget_rescheduler_min_time", g -> g.proxyBudgetReschedulerMinTime,
                    (g, v) -> g.proxyBudgetReschedulerMinTime = v, Coercion.integer(1)),
            new Option<>("proxy_budget_rescheduler_max_time", g -> g.proxyBudgetReschedulerMaxTime,
                    (g, v) -> g.proxyBudgetReschedulerMaxTime = v, Coercion.integer(1)),
            new Option<>("background_health_checks", g -> g.backgroundHealthChecks, (g, v) -> g.backgroundHealthChecks = v, Coercion.BOOLEAN),
            new Option<>("health_check_interval", g -> g.healthCheckInterval, (g, v) -> g.healthCheckInterval = v, Coercion.integer(1)),
            new Option<>("user_header_name", g -> g.userHeaderName, (g, v) -> g.userHeaderName = v, Coercion.STRING));

    private GeneralSettingsOptions() {
    }
}
