package io.llmgw.model;

import java.net.URI;
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
import io.llmgw.api.v1alpha1.ValueSource;

/**
 * Every destination the proxy pods connect to, derived in one place for both egress policies: the providers
 * (api_base of models and credentials, the public endpoint of a provider used without one, cilium.egressFQDNs),
 * telemetry (OTLP, Langfuse), the SSO issuer, the alert webhook, an external Redis or Postgres, MCP servers,
 * guardrail endpoints, any URL in a free-form section, and networkPolicy.extraEgress. A value held in a Secret is
 * read when the operator can (its host reaches the policy, never its value). What cannot be derived is listed in
 * {@link #unresolved()} with where it comes from, so status and render can say what to add to extraEgress.
 * <p>
 * Provider hosts are public names allowed on the provider ports (cilium.egressPorts, default 443); every other
 * destination is a {@link Target} on its own port.
 */
public final class Egress {
    public static final List<Integer> DEFAULT_PROVIDER_PORTS = List.of(443);
    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    /** Free-form keys whose os.environ/ value is an endpoint (api_base, base_url, url, *_endpoint, *_host...). */
    private static final Pattern URL_KEY = Pattern.compile("(?i).*(api_base|base_url|url|uri|endpoint|host)$");
    private static final Map<String, Integer> SCHEME_PORTS = Map.of("http", 80, "https", 443, "ws", 80, "wss", 443,
            "redis", 6379, "rediss", 6379, "postgres", 5432, "postgresql", 5432);

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

    public enum Kind {
        /** A Service of the cluster, reached through its namespace's pods. */
        CLUSTER,
        /** An IP literal or a CIDR. */
        IP,
        /** A public DNS name or pattern. */
        EXTERNAL
    }

    /** A destination on one TCP port: a host name, an IP, a CIDR (from extraEgress) or an FQDN pattern. */
    public record Target(String host, int port) {
        public Kind kind() {
            if (host.indexOf('/') >= 0 || host.indexOf(':') >= 0 || IPV4.matcher(host).matches()) {
                return Kind.IP;
            }
            return clusterNamespace(host).isPresent() ? Kind.CLUSTER : Kind.EXTERNAL;
        }

        /** The Service's namespace, for a cluster-local name. */
        public Optional<String> namespace() {
            return kind() == Kind.CLUSTER ? clusterNamespace(host) : Optional.empty();
        }

        /** The CIDR of an IP literal (a single address) or the CIDR itself. */
        public String cidr() {
            if (host.indexOf('/') >= 0) {
                return host;
            }
            return host.indexOf(':') >= 0 ? host + "/128" : host + "/32";
        }
    }

    private final List<Integer> providerPorts;
    private final Set<String> providerHosts;
    private final Set<Target> targets;
    private final List<String> unresolved;

    private Egress(List<Integer> providerPorts, Set<String> providerHosts, Set<Target> targets, List<String> unresolved) {
        this.providerPorts = providerPorts;
        this.providerHosts = providerHosts;
        this.targets = targets;
        this.unresolved = unresolved;
    }

    /** Ports the provider hosts are allowed on. */
    public List<Integer> providerPorts() {
        return providerPorts;
    }

    /** Public provider names (and patterns), sorted. */
    public Set<String> providerHosts() {
        return providerHosts;
    }

    /** Every other destination with its port, in the order of the spec. */
    public Set<Target> targets() {
        return targets;
    }

    /** Destinations that could not be derived, each with where it comes from and what to do; never a Secret value. */
    public List<String> unresolved() {
        return unresolved;
    }

    public static Egress of(LiteLLMGatewaySpec spec, Names names, SecretLookup secrets) {
        return new Collector(spec, names, secrets).collect();
    }

    /** True for a host a Cilium toFQDNs rule can select: a public DNS name or pattern. */
    public static boolean isPublicName(String host) {
        return new Target(host, 0).kind() == Kind.EXTERNAL;
    }

    /**
     * The tail of every warning: the exact extraEgress entry that allows the destination, so the fix can be pasted.
     * {@code host} and {@code port} are the destination's when known, else a placeholder.
     */
    static String allow(String host, String port) {
        return "; allow it with spec.networkPolicy.extraEgress: [{fqdn: " + host + ", ports: [" + port + "]}] (or {cidr: ...} for an address range)";
    }

    /** The namespace of {@code [pod.]service.namespace.svc} or {@code ...svc.cluster.local}: the label before "svc". */
    private static Optional<String> clusterNamespace(String host) {
        String name = host.endsWith(".svc.cluster.local") ? host.substring(0, host.length() - ".cluster.local".length()) : host;
        if (!name.endsWith(".svc")) {
            return Optional.empty();
        }
        String[] labels = name.split("\\.");
        return labels.length >= 3 ? Optional.of(labels[labels.length - 2]) : Optional.empty();
    }

    /** One pass over the spec; the result is immutable. */
    private static final class Collector {
        private final LiteLLMGatewaySpec spec;
        private final Names names;
        private final SecretLookup secrets;
        private final List<Integer> providerPorts;
        private final Set<String> providerHosts = new TreeSet<>();
        private final Set<Target> targets = new LinkedHashSet<>();
        private final List<String> unresolved = new ArrayList<>();
        /** spec.env names already resolved through an os.environ/ reference, so env() does not report them twice. */
        private final Set<String> referencedEnv = new TreeSet<>();

        Collector(LiteLLMGatewaySpec spec, Names names, SecretLookup secrets) {
            this.spec = spec;
            this.names = names;
            this.secrets = secrets;
            NetworkPolicySpec.Cilium cilium = spec.networkPolicy != null ? spec.networkPolicy.cilium : null;
            this.providerPorts = cilium != null && cilium.egressPorts != null && !cilium.egressPorts.isEmpty()
                    ? List.copyOf(new TreeSet<>(cilium.egressPorts))
                    : DEFAULT_PROVIDER_PORTS;
        }

        Egress collect() {
            var o = spec.observability;
            if (o != null && o.openTelemetry != null) {
                url("spec.observability.openTelemetry.endpoint", o.openTelemetry.endpoint).ifPresent(targets::add);
            }
            if (o != null && o.langfuse != null) {
                url("spec.observability.langfuse.host", o.langfuse.host).ifPresent(targets::add);
            }
            if (spec.sso != null) {
                url("spec.sso.issuerUrl", spec.sso.issuerUrl).ifPresent(targets::add);
            }
            if (spec.cache != null && CacheSpec.REDIS.equals(spec.cache.type) && spec.cache.redis != null && spec.cache.redis.host != null) {
                host(spec.cache.redis.host).ifPresent(h -> targets.add(new Target(h, spec.cache.redis.port != null ? spec.cache.redis.port : 6379)));
            }
            providers();
            if (o != null && o.alerting != null) {
                secretUrl("spec.observability.alerting.webhookUrlSecretRef (the alert webhook)", o.alerting.webhookUrlSecretRef,
                        allow("hooks.slack.com", "443") + "; the host is " + WEBHOOK_HOSTS).ifPresent(targets::add);
            }
            if (spec.database != null && DatabaseSpec.EXTERNAL.equals(spec.database.type) && spec.database.external != null) {
                secretUrl("spec.database.external.urlSecretRef (the database)", spec.database.external.urlSecretRef,
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
                        rule.ports.forEach(p -> targets.add(new Target(to, p)));
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
                        valueUrl("spec.credentials[" + c.name + "].apiBase", c.apiBase).ifPresent(this::provider);
                    }
                }
            }
            for (ModelSpec m : spec.models) {
                String where = ModelsSection.modelPath(spec, m);
                boolean freeFormBase = m.litellmParams != null && m.litellmParams.values().keySet().stream().anyMatch(k -> URL_KEY.matcher(k).matches());
                if (m.apiBase != null) {
                    valueUrl(where + ".apiBase", m.apiBase).ifPresent(this::provider);
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

        private void provider(Target t) {
            if (t.kind() == Kind.EXTERNAL && providerPorts.contains(t.port())) {
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
            return value instanceof String s && (URL_KEY.matcher(key).matches() || SCHEME.matcher(s.strip()).matches());
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
                Optional<Target> t = Optional.empty();
                if (v.startsWith(EnvPlan.ENV_PREFIX) && URL_KEY.matcher(key).matches()) {
                    t = envUrl(where, v.substring(EnvPlan.ENV_PREFIX.length()).strip());
                } else if (SCHEME.matcher(v).matches()) {
                    t = url(where, v);
                }
                t.ifPresent(provider ? this::provider : targets::add);
            }
        }

        /** A ValueSource holding a URL: plain, or read from its Secret. */
        private Optional<Target> valueUrl(String where, ValueSource source) {
            if (source.value != null) {
                return url(where, source.value);
            }
            return source.secretKeyRef != null ? secretUrl(where, source.secretKeyRef, allow("<its host>", "443")) : Optional.empty();
        }

        /** {@code allow}: the warning's tail when the URL cannot be read or parsed, naming the likely destination. */
        private Optional<Target> secretUrl(String where, SecretKeyRef ref, String allow) {
            Optional<String> value = secretValue(ref);
            if (value.isEmpty()) {
                unresolved.add(where + " is read from Secret " + ref.name + " key " + ref.key + (secrets.authoritative()
                        ? ", which the operator cannot read" + allow
                        // Rendered manifests applied without the operator would drop this traffic: say how to keep it.
                        : ": an offline render cannot read it, the operator allows its host at reconcile" + allow));
                return Optional.empty();
            }
            // Never echo the value: it may carry a token (webhook path) or a password (database URL).
            return parse(value.get(), () -> where + " (Secret " + ref.name + " key " + ref.key + ") holds no URL with a single host", allow);
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
                if (var.getName() == null || referencedEnv.contains(var.getName())) {
                    continue;
                }
                String where = "spec.env " + var.getName();
                var ref = var.getValueFrom() != null ? var.getValueFrom().getSecretKeyRef() : null;
                // A URL of a scheme that is no connection (file://, s3://bucket) is not a destination.
                if (var.getValue() != null && SCHEME.matcher(var.getValue().strip()).matches()
                        && (URL_KEY.matcher(var.getName()).matches() || SCHEME_PORTS.containsKey(scheme(var.getValue())))) {
                    url(where, var.getValue()).ifPresent(targets::add);
                } else if (ref != null && URL_KEY.matcher(var.getName()).matches()) {
                    secretUrl(where, new SecretKeyRef(ref.getName(), ref.getKey()), allow("<its host>", "443")).ifPresent(targets::add);
                }
            }
        }

        /** os.environ/NAME: the value of spec.env NAME, plain or from its Secret. */
        private Optional<Target> envUrl(String where, String name) {
            referencedEnv.add(name);
            EnvVar var = spec.env == null ? null : spec.env.stream().filter(e -> name.equals(e.getName())).findFirst().orElse(null);
            if (var != null && var.getValue() != null) {
                return url(where + " (spec.env " + name + ")", var.getValue());
            }
            var ref = var != null && var.getValueFrom() != null ? var.getValueFrom().getSecretKeyRef() : null;
            if (ref != null) {
                return secretUrl(where + " (spec.env " + name + ")", new SecretKeyRef(ref.getName(), ref.getKey()), allow("<its host>", "443"));
            }
            unresolved.add(where + " reads " + name + (var == null ? ", which spec.env does not set (spec.envFrom?)" : " from a source the operator does not read")
                    + allow("<its host>", "443"));
            return Optional.empty();
        }

        private static String scheme(String url) {
            String v = url.strip();
            return v.substring(0, v.indexOf(':')).toLowerCase(Locale.ROOT);
        }

        private Optional<Target> url(String where, String url) {
            return parse(url, () -> where + " is not a URL with a host", allow("<its host>", "<its port>"));
        }

        private Optional<Target> parse(String url, java.util.function.Supplier<String> why, String allow) {
            try {
                URI uri = URI.create(url.strip());
                Integer port = uri.getPort() != -1 ? Integer.valueOf(uri.getPort())
                        : uri.getScheme() != null ? SCHEME_PORTS.get(uri.getScheme().toLowerCase(Locale.ROOT)) : null;
                if (uri.getHost() != null && port != null) {
                    return host(uri.getHost()).map(h -> new Target(h, port));
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            unresolved.add(why.get() + allow);
            return Optional.empty();
        }

        private Optional<String> secretValue(SecretKeyRef ref) {
            return secrets.find(ref.name).map(s -> SecretLookup.value(s, ref.key));
        }

        /**
         * Normalised host, or empty for loopback (a sidecar on localhost needs no rule). A single label is a Service
         * of the gateway's namespace (the pod's DNS search path), named fully so it is allowed by namespace.
         */
        private Optional<String> host(String raw) {
            String h = raw.toLowerCase(Locale.ROOT);
            if (h.startsWith("[") && h.endsWith("]")) {
                h = h.substring(1, h.length() - 1);
            }
            if (h.endsWith(".")) {
                h = h.substring(0, h.length() - 1);
            }
            if (h.isEmpty() || h.equals("localhost") || h.startsWith("127.") || h.equals("::1")) {
                return Optional.empty();
            }
            if (h.indexOf('.') < 0 && h.indexOf(':') < 0) {
                h = h + "." + names.namespace() + ".svc";
            }
            return Optional.of(h);
        }
    }
}
