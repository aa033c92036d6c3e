package io.llmgw.model;

import java.util.Arrays;
import java.util.List;

/**
 * Which namespaces a gateway may place its HTTPRoute in besides its own. An HTTPRoute attaches hostnames to a
 * shared Gateway, so a tenant who may create gateways must not be able to put routes (say, for {@code *.example.com})
 * into any namespace: the cluster admin opens target namespaces in the operator's setting
 * {@value #PROPERTY} (names, {@code prefix-*}, or {@code *}). Deny by default; the gateway's own namespace is
 * always allowed.
 */
public record RoutePolicy(List<String> allowedNamespaces) {
    public static final String PROPERTY = "llmgw.route.allowed-namespaces";
    /** The offline render applies nothing: whoever applies its output needs rights in that namespace anyway. */
    public static final RoutePolicy ANY = new RoutePolicy(List.of("*"));
    public static final RoutePolicy NONE = new RoutePolicy(List.of());

    /** Comma- or whitespace-separated entries; null or blank allows no other namespace. */
    public static RoutePolicy parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return NONE;
        }
        return new RoutePolicy(Arrays.stream(setting.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList());
    }

    public boolean allows(String sourceNamespace, String targetNamespace) {
        if (targetNamespace == null || targetNamespace.equals(sourceNamespace)) {
            return true;
        }
        for (String entry : allowedNamespaces) {
            if (entry.equals("*") || entry.equals(targetNamespace)
                    || entry.endsWith("*") && targetNamespace.startsWith(entry.substring(0, entry.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
