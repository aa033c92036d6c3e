package io.llmgw.model;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.Secret;
import io.llmgw.api.v1alpha1.CredentialSpec;
import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;
import io.llmgw.api.v1alpha1.ModelSpec;
import io.llmgw.api.v1alpha1.ValueSource;

/**
 * The provider hostnames the gateway must reach, derived from the models' and credentials' api_base (plain or,
 * when the operator can read it, from the Secret), the providers' public endpoints, and the explicit list.
 */
public final class EgressHosts {
    /** Public endpoints of providers whose models work without an api_base. */
    private static final Map<String, String> PROVIDER_HOSTS = Map.of(
            "openai", "api.openai.com",
            "anthropic", "api.anthropic.com",
            "cohere", "api.cohere.ai",
            "gemini", "generativelanguage.googleapis.com",
            "mistral", "api.mistral.ai",
            "groq", "api.groq.com",
            "deepseek", "api.deepseek.com");

    private EgressHosts() {
    }

    public static Set<String> of(LiteLLMGatewaySpec spec, SecretLookup secrets) {
        Set<String> hosts = new TreeSet<>();
        Set<String> credentialsWithBase = new TreeSet<>();
        if (spec.credentials != null) {
            for (CredentialSpec c : spec.credentials) {
                host(c.apiBase, secrets).ifPresent(h -> {
                    hosts.add(h);
                    credentialsWithBase.add(c.name);
                });
            }
        }
        for (ModelSpec m : spec.models) {
            Optional<String> own = host(m.apiBase, secrets);
            own.ifPresent(hosts::add);
            boolean hasBase = own.isPresent() || m.apiBase != null
                    || (m.credential != null && credentialsWithBase.contains(m.credential));
            if (!hasBase) {
                String provider = m.model.substring(0, m.model.indexOf('/'));
                String host = PROVIDER_HOSTS.get(provider);
                if (host != null) {
                    hosts.add(host);
                }
            }
        }
        if (spec.networkPolicy != null && spec.networkPolicy.cilium != null && spec.networkPolicy.cilium.egressFQDNs != null) {
            hosts.addAll(spec.networkPolicy.cilium.egressFQDNs);
        }
        return hosts;
    }

    static Optional<String> host(ValueSource source, SecretLookup secrets) {
        if (source == null) {
            return Optional.empty();
        }
        String url = source.value;
        if (url == null && source.secretKeyRef != null) {
            url = secrets.find(source.secretKeyRef.name).map(Secret::getData).map(d -> d.get(source.secretKeyRef.key))
                    .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8).trim()).orElse(null);
        }
        if (url == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(URI.create(url).getHost());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
