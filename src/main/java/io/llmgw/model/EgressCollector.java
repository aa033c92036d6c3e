package io.llmgw.model;

import static io.llmgw.model.Egress.allow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.llmgw.api.v1alpha1.CacheSpec;
import io.llmgw.api.v1alpha1.CredentialSpec;
import io.llmgw.api.v1alpha1.DatabaseSpec;
import io.llmgw.api.v1alpha1.FreeForm;
import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;
import io.llmgw.api.v1alpha1.ModelSpec;
import io.llmgw.api.v1alpha1.NetworkPolicySpec;
import io.llmgw.api.v1alpha1.SecretKeyRef;

/**
 * One pass over the spec for {@link Egress}: which sections name a destination, and which providers, callbacks,
 * guardrails and MCP servers have one the operator knows. {@link EgressUrls} reads each value; the result is
 * immutable.
 */
final class EgressCollector {
    /** Free-form keys whose os.environ/ value is an endpoint (api_base, base_url, url, *_endpoint, *_host...). */
    private static final Pattern URL_KEY = Pattern.compile("(?i).*(api_base|base_url|url|uri|endpoint|host)$");
    /** Public endpoints of providers whose models work without an api_base. */
    private static final Map<String, String> PROVIDER_HOSTS = Map.ofEntries(
            Map.entry("openai", "api.openai.com"),
            Map.entry("anthropic", "api.anthropic.com"),
            Map.entry("cohere", "api.cohere.ai"),
            Map.entry("gemini", "generativelanguage.googleapis.com"),
            Map.entry("mistral", "api.mistral.ai"),
            Map.entry("groq", "api.groq.com"),
            Map.entry("deepseek", "api.deepseek.com"),
            Map.entry("xai", "api.x.ai"),
            Map.entry("openrouter", "openrouter.ai"),
            Map.entry("together_ai", "api.together.xyz"),
            Map.entry("fireworks_ai", "api.fireworks.ai"),
            Map.entry("perplexity", "api.perplexity.ai"),
            Map.entry("voyage", "api.voyageai.com"));
    /** Guardrails that run inside the proxy (or its Presidio sidecars on localhost) and need no egress. */
    private static final Set<String> LOCAL_GUARDRAILS = Set.of("presidio", "hide-secrets", "hide_secrets", "litellm_content_filter",
            "tool_permission");
    /** Callbacks with no remote destination, or one derived from spec.observability. */
    private static final Set<String> LOCAL_CALLBACKS = Set.of("prometheus", "prometheus_system");
    /** Where the alert webhook's host usually is, for the warning when its Secret cannot be read. */
    private static final String WEBHOOK_HOSTS = "hooks.slack.com for Slack, discord.com for Discord, <tenant>.webhook.office.com for Teams";

    private final LiteLLMGatewaySpec spec;
    private final List<Integer> providerPorts;
    private final Set<String> providerHosts = new TreeSet<>();
    private final Set<Egress.Target> targets = new LinkedHashSet<>();
    private final List<String> unresolved = new ArrayList<>();
    private final EgressUrls urls;

    EgressCollector(LiteLLMGatewaySpec spec, Names names, SecretLookup secrets) {
        this.spec = spec;
        this.urls = new EgressUrls(spec, names, secrets, unresolved);
        NetworkPolicySpec.Cilium cilium = spec.networkPolicy != null ? spec.networkPolicy.cilium : null;
        this.providerPorts = cilium != null && cilium.egressPorts != null && !cilium.egressPorts.isEmpty()
                ? List.copyOf(new TreeSet<>(cilium.egressPorts))
                : Egress.DEFAULT_PROVIDER_PORTS;
    }

    Egress collect() {
        var o = spec.observability;
        if (o != null && o.openTelemetry != null) {
            urls.url("spec.observability.openTelemetry.endpoint", o.openTelemetry.endpoint).ifPresent(targets::add);
        }
        if (o != null && o.langfuse != null) {
            urls.url("spec.observability.langfuse.host", o.langfuse.host).ifPresent(targets::add);
        }
        if (spec.sso != null) {
            urls.url("spec.sso.issuerUrl", spec.sso.issuerUrl).ifPresent(targets::add);
        }
        if (CacheSpec.REDIS.equals(spec.cacheType()) && spec.cache.redis != null && spec.cache.redis.host != null) {
            urls.host(spec.cache.redis.host).ifPresent(h -> targets.add(new Egress.Target(h, spec.cache.redis.port != null ? spec.cache.redis.port : 6379)));
        }
        providers();
        if (o != null && o.alerting != null) {
            urls.secretUrl("spec.observability.alerting.webhookUrlSecretRef (the alert webhook)", o.alerting.webhookUrlSecretRef,
                    allow("hooks.slack.com", "443") + "; the host is " + WEBHOOK_HOSTS).ifPresent(targets::add);
        }
        if (DatabaseSpec.EXTERNAL.equals(spec.databaseType()) && spec.database.external != null) {
            urls.secretUrl("spec.database.external.urlSecretRef (the database)", spec.database.external.urlSecretRef,
                    allow("<database host>", "5432")).ifPresent(targets::add);
        }
        callbacks();
        mcpServers();
        guardrails();
        freeForm("spec.litellmSettings.extra", spec.litellmSettings != null ? spec.litellmSettings.extra : null);
        freeForm("spec.routerSettings.extra", spec.routerSettings != null ? spec.routerSettings.extra : null);
        freeForm("spec.generalSettings.extra", spec.generalSettings != null ? spec.generalSettings.extra : null);
        if (spec.prompts != null) {
            for (int i = 0; i < spec.prompts.size(); i++) {
                freeForm("spec.prompts[" + i + "]", spec.prompts.get(i));
            }
        }
        env();
        NetworkPolicySpec np = spec.networkPolicy;
        if (np != null && np.cilium != null && np.cilium.egressFQDNs != null) {
            providerHosts.addAll(np.cilium.egressFQDNs);
        }
        if (np != null && np.extraEgress != null) {
            for (NetworkPolicySpec.EgressRule rule : np.extraEgress) {
                String to = rule.fqdn != null ? rule.fqdn.toLowerCase(Locale.ROOT) : rule.cidr;
                if (to != null && rule.ports != null) {
                    rule.ports.forEach(p -> targets.add(new Egress.Target(to, p)));
                }
            }
        }
        return new Egress(providerPorts, Collections.unmodifiableSet(providerHosts), Collections.unmodifiableSet(targets),
                List.copyOf(unresolved));
    }

    /** api_base of credentials and models, or the provider's public endpoint; a public one on a provider port joins the provider hosts. */
    private void providers() {
        Set<String> credentialsWithBase = new TreeSet<>();
        if (spec.credentials != null) {
            for (CredentialSpec c : spec.credentials) {
                if (c.apiBase != null) {
                    credentialsWithBase.add(c.name);
                    urls.valueUrl("spec.credentials[" + c.name + "].apiBase", c.apiBase).ifPresent(this::provider);
                }
            }
        }
        for (ModelSpec m : spec.models) {
            String where = ModelsSection.modelPath(spec, m);
            boolean freeFormBase = m.litellmParams != null && m.litellmParams.values().keySet().stream().anyMatch(k -> URL_KEY.matcher(k).matches());
            if (m.apiBase != null) {
                urls.valueUrl(where + ".apiBase", m.apiBase).ifPresent(this::provider);
            }
            if (m.litellmParams != null) {
                scan(where + ".litellmParams", m.litellmParams.values(), "", true);
            }
            if (m.apiBase != null || freeFormBase || (m.credential != null && credentialsWithBase.contains(m.credential))) {
                continue;
            }
            // The schema requires provider/name; the importer and render also see specs it never checked.
            String provider = m.model == null ? "" : m.model.indexOf('/') > 0 ? m.model.substring(0, m.model.indexOf('/')) : m.model;
            String host = PROVIDER_HOSTS.get(provider);
            if (host != null) {
                providerHosts.add(host);
            } else {
                unresolved.add(where + " (provider " + provider + ") has no api_base and the operator does not know " + provider
                        + "'s endpoint" + allow("<" + provider + " endpoint>", "443"));
            }
        }
    }

    private void provider(Egress.Target t) {
        if (t.kind() == Egress.Kind.EXTERNAL && providerPorts.contains(t.port())) {
            providerHosts.add(t.host());
        } else {
            targets.add(t);
        }
    }

    private void callbacks() {
        var s = spec.litellmSettings;
        if (s == null) {
            return;
        }
        var o = spec.observability;
        Set<String> named = new LinkedHashSet<>();
        for (List<String> list : java.util.Arrays.asList(s.callbacks, s.successCallbacks, s.failureCallbacks, s.serviceCallbacks)) {
            if (list != null) {
                named.addAll(list);
            }
        }
        for (String callback : named) {
            boolean derived = LOCAL_CALLBACKS.contains(callback)
                    || ("otel".equals(callback) && o != null && o.openTelemetry != null)
                    || ("langfuse".equals(callback) && o != null && o.langfuse != null);
            if (!derived) {
                unresolved.add("callback " + callback + " in spec.litellmSettings sends to an endpoint the operator does not derive"
                        + allow("<" + callback + " endpoint>", "443"));
            }
        }
    }

    /** mcp_servers: name -> {url, transport, ...}; a stdio server (command) runs here and connects wherever it likes. */
    private void mcpServers() {
        if (spec.mcpServers == null) {
            return;
        }
        spec.mcpServers.values().forEach((name, server) -> {
            String where = "spec.mcpServers." + name;
            if (server instanceof Map<?, ?> map && map.containsKey("command")) {
                unresolved.add(where + " runs a local command (stdio) whose destinations the operator cannot know"
                        + allow("<each host it calls>", "443"));
            }
            scan(where, server, String.valueOf(name), false);
        });
    }

    /** guardrails: their api_base (or any URL) is scanned; a remote vendor without one has an endpoint the operator does not know. */
    private void guardrails() {
        if (spec.guardrails == null) {
            return;
        }
        for (int i = 0; i < spec.guardrails.size(); i++) {
            Map<String, Object> g = spec.guardrails.get(i).values();
            String where = "spec.guardrails[" + (g.get("guardrail_name") != null ? g.get("guardrail_name") : i) + "]";
            scan(where, g, "", false);
            Object params = g.get("litellm_params");
            Object type = params instanceof Map<?, ?> p ? p.get("guardrail") : null;
            boolean local = type != null && LOCAL_GUARDRAILS.contains(String.valueOf(type));
            if (!local && !hasEndpoint(g, "")) {
                unresolved.add(where + " (guardrail " + type + ") has no api_base and the operator does not know its endpoint"
                        + allow("<" + type + " endpoint>", "443"));
            }
        }
    }

    /** An endpoint-like key or a URL anywhere in the value. */
    private static boolean hasEndpoint(Object value, String key) {
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().anyMatch(e -> hasEndpoint(e.getValue(), String.valueOf(e.getKey())));
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(v -> hasEndpoint(v, key));
        }
        return value instanceof String s && (URL_KEY.matcher(key).matches() || EgressUrls.isUrl(s));
    }

    private void freeForm(String where, FreeForm section) {
        if (section != null) {
            scan(where, section.values(), "", false);
        }
    }

    /** Every URL in a free-form value, and os.environ/ references under endpoint-like keys. */
    private void scan(String where, Object value, String key, boolean provider) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> scan(where + "." + k, v, String.valueOf(k), provider));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                scan(where + "[" + i + "]", list.get(i), key, provider);
            }
        } else if (value instanceof String s) {
            String v = s.strip();
            Optional<Egress.Target> t = Optional.empty();
            if (v.startsWith(EnvPlan.ENV_PREFIX) && URL_KEY.matcher(key).matches()) {
                t = urls.envUrl(where, v.substring(EnvPlan.ENV_PREFIX.length()).strip());
            } else if (EgressUrls.isUrl(v)) {
                t = urls.url(where, v);
            }
            t.ifPresent(provider ? this::provider : targets::add);
        }
    }

    /**
     * spec.env that LiteLLM reads itself (SLACK_WEBHOOK_URL, OPENAI_API_BASE, HTTPS_PROXY...) rather than through
     * an os.environ/ reference: a plain value that is a URL, or a Secret under an endpoint-like name.
     */
    private void env() {
        if (spec.env == null) {
            return;
        }
        for (EnvVar var : spec.env) {
            if (var.getName() == null || urls.referenced(var.getName())) {
                continue;
            }
            String where = "spec.env " + var.getName();
            var ref = var.getValueFrom() != null ? var.getValueFrom().getSecretKeyRef() : null;
            // A URL of a scheme that is no connection (file://, s3://bucket) is not a destination.
            if (var.getValue() != null && EgressUrls.isUrl(var.getValue())
                    && (URL_KEY.matcher(var.getName()).matches() || EgressUrls.isConnection(var.getValue()))) {
                urls.url(where, var.getValue()).ifPresent(targets::add);
            } else if (ref != null && URL_KEY.matcher(var.getName()).matches()) {
                urls.secretUrl(where, new SecretKeyRef(ref.getName(), ref.getKey()), allow("<its host>", "443")).ifPresent(targets::add);
            }
        }
    }
}
