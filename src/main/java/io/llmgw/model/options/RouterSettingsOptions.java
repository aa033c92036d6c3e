package io.llmgw.model.options;

import java.util.List;

import io.llmgw.api.v1alpha1.RouterSettings;
import io.llmgw.api.v1alpha1.RouterSettings.RetryPolicy;

/**
 * The router_settings keys that map one to one onto spec.routerSettings fields, in the order they are rendered.
 * Special, and handled by the renderer and importer themselves: the three fallback lists (the importer checks that
 * they name models of model_list) and the router's Redis keys (wired from spec.cache).
 */
public final class RouterSettingsOptions {
    public static final List<Option<RetryPolicy, ?>> RETRY_POLICY = List.of(
            new Option<>("AuthenticationErrorRetries", r -> r.authenticationErrorRetries, (r, v) -> r.authenticationErrorRetries = v,
                    Coercion.integer(0)),
            new Option<>("TimeoutErrorRetries", r -> r.timeoutErrorRetries, (r, v) -> r.timeoutErrorRetries = v, Coercion.integer(0)),
            new Option<>("RateLimitErrorRetries", r -> r.rateLimitErrorRetries, (r, v) -> r.rateLimitErrorRetries = v, Coercion.integer(0)),
            new Option<>("ContentPolicyViolationErrorRetries", r -> r.contentPolicyViolationErrorRetries,
                    (r, v) -> r.contentPolicyViolationErrorRetries = v, Coercion.integer(0)),
            new Option<>("InternalServerErrorRetries", r -> r.internalServerErrorRetries, (r, v) -> r.internalServerErrorRetries = v,
                    Coercion.integer(0)),
            new Option<>("BadRequestErrorRetries", r -> r.badRequestErrorRetries, (r, v) -> r.badRequestErrorRetries = v,
                    Coercion.integer(0)));

    public static final List<Option<RouterSettings, ?>> ALL = List.of(
            new Option<>("routing_strategy", r -> r.routingStrategy, (r, v) -> r.routingStrategy = v,
                    Coercion.string(RouterSettings.ROUTING_STRATEGY_PATTERN)),
            new Option<>("timeout", r -> r.timeout, (r, v) -> r.timeout = v, Coercion.integer(1)),
            new Option<>("stream_timeout", r -> r.streamTimeout, (r, v) -> r.streamTimeout = v, Coercion.integer(1)),
            new Option<>("num_retries", r -> r.numRetries, (r, v) -> r.numRetries = v, Coercion.integer(0)),
            new Option<>("retry_policy", r -> r.retryPolicy, (r, v) -> r.retryPolicy = v, Coercion.object(RetryPolicy::new, RETRY_POLICY)),
            new Option<>("allowed_fails", r -> r.allowedFails, (r, v) -> r.allowedFails = v, Coercion.integer(0)),
            new Option<>("cooldown_time", r -> r.cooldownTime, (r, v) -> r.cooldownTime = v, Coercion.integer(0)),
            new Option<>("disable_cooldowns", r -> r.disableCooldowns, (r, v) -> r.disableCooldowns = v, Coercion.BOOLEAN),
            new Option<>("enable_pre_call_checks", r -> r.enablePreCallChecks, (r, v) -> r.enablePreCallChecks = v, Coercion.BOOLEAN),
            new Option<>("enable_tag_filtering", r -> r.enableTagFiltering, (r, v) -> r.enableTagFiltering = v, Coercion.BOOLEAN));

    private RouterSettingsOptions() {
    }
}
