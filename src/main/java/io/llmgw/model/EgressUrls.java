package io.llmgw.model;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;
import io.llmgw.api.v1alpha1.SecretKeyRef;
import io.llmgw.api.v1alpha1.ValueSource;

/**
 * Reads one destination out of a value: a URL, a Secret holding one, or an os.environ/ reference to spec.env. What
 * cannot be read goes to the collector's unresolved list, with where it comes from; a Secret's value never does.
 */
final class EgressUrls {
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    private static final Map<String, Integer> SCHEME_PORTS = Map.of("http", 80, "https", 443, "ws", 80, "wss", 443,
            "redis", 6379, "rediss", 6379, "postgres", 5432, "postgresql", 5432);

    private final LiteLLMGatewaySpec spec;
    private final Names names;
    private final SecretLookup secrets;
    private final List<String> unresolved;
    /** spec.env names already resolved through an os.environ/ reference, so the collector does not report them twice. */
    private final Set<String> referencedEnv = new TreeSet<>();

    EgressUrls(LiteLLMGatewaySpec spec, Names names, SecretLookup secrets, List<String> unresolved) {
        this.spec = spec;
        this.names = names;
        this.secrets = secrets;
        this.unresolved = unresolved;
    }

    /** A value that starts with a scheme (https://, redis://, file://...). */
    static boolean isUrl(String value) {
        return SCHEME.matcher(value.strip()).matches();
    }

    /** A URL of a scheme that is a connection on a known port (not file://, s3://bucket). */
    static boolean isConnection(String url) {
        return SCHEME_PORTS.containsKey(scheme(url));
    }

    /** True once an os.environ/ reference has read spec.env {@code name}. */
    boolean referenced(String name) {
        return referencedEnv.contains(name);
    }

    /** A ValueSource holding a URL: plain, or read from its Secret. */
    Optional<Egress.Target> valueUrl(String where, ValueSource source) {
        if (source.value != null) {
            return url(where, source.value);
        }
        return source.secretKeyRef != null ? secretUrl(where, source.secretKeyRef, Egress.allow("<its host>", "443")) : Optional.empty();
    }

    /** {@code allow}: the warning's tail when the URL cannot be read or parsed, naming the likely destination. */
    Optional<Egress.Target> secretUrl(String where, SecretKeyRef ref, String allow) {
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

    /** os.environ/NAME: the value of spec.env NAME, plain or from its Secret. */
    Optional<Egress.Target> envUrl(String where, String name) {
        referencedEnv.add(name);
        EnvVar var = spec.env == null ? null : spec.env.stream().filter(e -> name.equals(e.getName())).findFirst().orElse(null);
        if (var != null && var.getValue() != null) {
            return url(where + " (spec.env " + name + ")", var.getValue());
        }
        var ref = var != null && var.getValueFrom() != null ? var.getValueFrom().getSecretKeyRef() : null;
        if (ref != null) {
            return secretUrl(where + " (spec.env " + name + ")", new SecretKeyRef(ref.getName(), ref.getKey()), Egress.allow("<its host>", "443"));
        }
        unresolved.add(where + " reads " + name + (var == null ? ", which spec.env does not set (spec.envFrom?)" : " from a source the operator does not read")
                + Egress.allow("<its host>", "443"));
        return Optional.empty();
    }

    private static String scheme(String url) {
        String v = url.strip();
        return v.substring(0, v.indexOf(':')).toLowerCase(Locale.ROOT);
    }

    Optional<Egress.Target> url(String where, String url) {
        return parse(url, () -> where + " is not a URL with a host", Egress.allow("<its host>", "<its port>"));
    }

    private Optional<Egress.Target> parse(String url, java.util.function.Supplier<String> why, String allow) {
        try {
            URI uri = URI.create(url.strip());
            Integer port = uri.getPort() != -1 ? Integer.valueOf(uri.getPort())
                    : uri.getScheme() != null ? SCHEME_PORTS.get(uri.getScheme().toLowerCase(Locale.ROOT)) : null;
            if (uri.getHost() != null && port != null) {
                return host(uri.getHost()).map(h -> new Egress.Target(h, port));
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
    Optional<String> host(String raw) {
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
