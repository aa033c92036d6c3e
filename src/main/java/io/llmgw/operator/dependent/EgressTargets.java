package io.llmgw.operator.dependent;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.llmgw.api.v1alpha1.CacheSpec;
import io.llmgw.api.v1alpha1.CredentialSpec;
import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;
import io.llmgw.api.v1alpha1.ModelSpec;
import io.llmgw.api.v1alpha1.ValueSource;
import io.llmgw.model.GatewayModel;

/**
 * Where the proxy connects besides the providers' public APIs on the provider ports: the OTLP collector,
 * Langfuse, the SSO issuer (LiteLLM calls its token, userinfo and JWKS endpoints), an external Redis, and model
 * endpoints given as plain URLs that live in the cluster or listen on another port (self-hosted models).
 * Both egress policies allow these by kind: a cluster-local name ({@code name.namespace.svc...}) by namespace,
 * because Cilium FQDN rules ignore in-cluster IPs and a NetworkPolicy ipBlock may not match pod IPs; an IP
 * literal by CIDR; any other host by name (Cilium) or to the world (NetworkPolicy).
 */
public final class EgressTargets {
    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");

    public enum Kind {
        /** A Service of the cluster, reached through its namespace's pods. */
        CLUSTER,
        /** An IP literal. */
        IP,
        /** A public DNS name. */
        EXTERNAL
    }

    public record Target(String host, int port) {
        public Kind kind() {
            if (host.indexOf(':') >= 0 || IPV4.matcher(host).matches()) {
                return Kind.IP;
            }
            return clusterNamespace(host).isPresent() ? Kind.CLUSTER : Kind.EXTERNAL;
        }

        /** The Service's namespace, for a cluster-local name. */
        public Optional<String> namespace() {
            return kind() == Kind.CLUSTER ? clusterNamespace(host) : Optional.empty();
        }

        /** The CIDR of an IP literal (a single address). */
        public String cidr() {
            return host.indexOf(':') >= 0 ? host + "/128" : host + "/32";
        }
    }

    private EgressTargets() {
    }

    /**
     * The targets of a gateway. {@code providerPorts} are the ports its provider hosts are allowed on: an external
     * model endpoint on one of them is already covered by the provider rule and is left out.
     */
    public static Set<Target> of(GatewayModel model, Collection<Integer> providerPorts) {
        LiteLLMGatewaySpec spec = model.spec();
        Set<Target> targets = new LinkedHashSet<>();
        var o = spec.observability;
        if (o != null && o.openTelemetry != null) {
            url(o.openTelemetry.endpoint).ifPresent(targets::add);
        }
        if (o != null && o.langfuse != null) {
            url(o.langfuse.host).ifPresent(targets::add);
        }
        if (spec.sso != null) {
            url(spec.sso.issuerUrl).ifPresent(targets::add);
        }
        if (spec.cache != null && CacheSpec.REDIS.equals(spec.cache.type) && spec.cache.redis != null
                && spec.cache.redis.host != null) {
            host(spec.cache.redis.host).ifPresent(h -> targets.add(
                    new Target(h, spec.cache.redis.port != null ? spec.cache.redis.port : 6379)));
        }
        List<ValueSource> bases = new ArrayList<>();
        if (spec.credentials != null) {
            for (CredentialSpec c : spec.credentials) {
                bases.add(c.apiBase);
            }
        }
        for (ModelSpec m : spec.models) {
            bases.add(m.apiBase);
        }
        for (ValueSource base : bases) {
            if (base != null && base.value != null) {
                url(base.value).filter(t -> t.kind() != Kind.EXTERNAL || !providerPorts.contains(t.port()))
                        .ifPresent(targets::add);
            }
        }
        // Provider hosts whose port is unknown here (api_base read from a Secret) but that are not public names.
        for (String h : model.egressHosts()) {
            Target probe = new Target(h, 0);
            if (probe.kind() != Kind.EXTERNAL && targets.stream().noneMatch(t -> t.host().equals(h))) {
                providerPorts.forEach(p -> targets.add(new Target(h, p)));
            }
        }
        return targets;
    }

    /** True for a host a Cilium toFQDNs rule can select: a public DNS name or pattern. */
    public static boolean isPublicName(String host) {
        return new Target(host, 0).kind() == Kind.EXTERNAL;
    }

    static Optional<Target> url(String url) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(url.trim());
            if (uri.getHost() == null) {
                return Optional.empty();
            }
            int port = uri.getPort() != -1 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
            return host(uri.getHost()).map(h -> new Target(h, port));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Normalised host, or empty for loopback (a sidecar on localhost needs no egress rule). */
    private static Optional<String> host(String raw) {
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
        return Optional.of(h);
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
}
