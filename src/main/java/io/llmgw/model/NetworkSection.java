package io.llmgw.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.api.v1alpha1.IngressSpec;

/** spec.route, spec.ingress and spec.networkPolicy: how clients reach the gateway and where its pods may connect. */
final class NetworkSection extends SpecSection {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final RoutePolicy routes;

    NetworkSection(Context context, RoutePolicy routes) {
        super(context);
        this.routes = routes;
    }

    /** The URL clients use: SSO's proxyBaseUrl, else the first route or ingress host; null when none is set. */
    String externalUrl() {
        if (spec.sso != null && spec.sso.proxyBaseUrl != null) {
            return spec.sso.proxyBaseUrl;
        }
        if (spec.route != null && spec.route.hostnames != null && !spec.route.hostnames.isEmpty()) {
            return "https://" + spec.route.hostnames.get(0);
        }
        if (spec.ingress != null && spec.ingress.hosts != null && !spec.ingress.hosts.isEmpty()) {
            String host = spec.ingress.hosts.get(0);
            // The controller serves a host over TLS only when a tls entry lists it.
            boolean tls = spec.ingress.tls != null && spec.ingress.tls.stream().anyMatch(t -> t.hosts != null && t.hosts.contains(host));
            return (tls ? "https://" : "http://") + host;
        }
        return null;
    }

    /** The CEL rule and pattern of networkPolicy.extraEgress, repeated for the offline render, plus the octets' range. */
    void checkExtraEgress() {
        if (spec.networkPolicy == null || spec.networkPolicy.extraEgress == null) {
            return;
        }
        for (int i = 0; i < spec.networkPolicy.extraEgress.size(); i++) {
            var rule = spec.networkPolicy.extraEgress.get(i);
            String where = "spec.networkPolicy.extraEgress[" + i + "]";
            if ((rule.fqdn == null) == (rule.cidr == null)) {
                problems.add(Problem.of(ConditionReason.INVALID_SPEC, "%s: set exactly one of fqdn or cidr", where));
            } else if (rule.fqdn != null && !rule.fqdn.matches(io.llmgw.api.v1alpha1.NetworkPolicySpec.FQDN)) {
                problems.add(Problem.of(ConditionReason.INVALID_SPEC, "%s.fqdn %s is not a lowercase DNS name or *. pattern", where, ImageReference.quote(rule.fqdn)));
            } else if (rule.cidr != null && !validCidr(rule.cidr)) {
                problems.add(Problem.of(ConditionReason.INVALID_SPEC, "%s.cidr %s is not a CIDR", where, ImageReference.quote(rule.cidr)));
            }
            if (rule.ports == null || rule.ports.isEmpty() || rule.ports.stream().anyMatch(p -> p == null || p < 1 || p > 65535)) {
                problems.add(Problem.of(ConditionReason.INVALID_SPEC, "%s.ports must list TCP ports between 1 and 65535", where));
            }
        }
    }

    /** The CEL rules and host pattern of spec.ingress, repeated for the offline render. */
    void checkIngress() {
        IngressSpec ingress = spec.ingress;
        if (ingress == null) {
            return;
        }
        if (ingress.hosts == null || ingress.hosts.isEmpty()) {
            problems.add(new Problem(ConditionReason.INVALID_SPEC, "spec.ingress.hosts must list at least one host"));
            return;
        }
        Set<String> hosts = new HashSet<>();
        for (String host : ingress.hosts) {
            if (host == null || !host.matches(IngressSpec.HOST)) {
                problems.add(Problem.of(ConditionReason.INVALID_SPEC, "spec.ingress.hosts: %s is not a lowercase DNS name (no wildcard, no IP address)",
                        ImageReference.quote(String.valueOf(host))));
            } else if (!hosts.add(host)) {
                problems.add(Problem.of(ConditionReason.INVALID_SPEC, "spec.ingress.hosts lists %s twice", host));
            }
        }
        if (ingress.tls != null) {
            for (int i = 0; i < ingress.tls.size(); i++) {
                List<String> covered = ingress.tls.get(i).hosts;
                if (covered == null || covered.isEmpty()) {
                    problems.add(Problem.of(ConditionReason.INVALID_SPEC, "spec.ingress.tls[%d].hosts must list at least one host", i));
                    continue;
                }
                for (String host : covered) {
                    if (!hosts.contains(host)) {
                        problems.add(Problem.of(ConditionReason.INVALID_SPEC, "spec.ingress.tls[%d] covers %s, which is not one of spec.ingress.hosts", i,
                                ImageReference.quote(String.valueOf(host))));
                    }
                }
            }
        }
    }

    static boolean validCidr(String cidr) {
        if (!cidr.matches(io.llmgw.api.v1alpha1.NetworkPolicySpec.CIDR)) {
            return false;
        }
        String address = cidr.substring(0, cidr.indexOf('/'));
        if (address.indexOf(':') >= 0) {
            try {
                // Bracketed, the JDK parses an IPv6 literal and never asks DNS.
                java.net.InetAddress.getByName("[" + address + "]");
                return true;
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        for (String octet : address.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    /** A route in another namespace only where the operator's setting opens that namespace (docs/security.md). */
    void checkRouteNamespace() {
        if (spec.route == null || spec.route.namespace == null) {
            return;
        }
        String target = spec.route.namespace;
        if (!DNS_LABEL.matcher(target).matches()) {
            problems.add(Problem.of(ConditionReason.INVALID_SPEC, "spec.route.namespace %s is not a namespace name (a DNS label of at most 63 characters)",
                    ImageReference.quote(target)));
        } else if (!routes.allows(names.namespace(), target)) {
            problems.add(Problem.of(ConditionReason.ROUTE_NAMESPACE_NOT_ALLOWED,
                    "spec.route.namespace %s is not open to routes from namespace %s; the cluster admin lists namespaces that accept"
                            + " routes from other namespaces in the operator setting %s (now: %s)",
                    target, names.namespace(), RoutePolicy.PROPERTY,
                    routes.allowedNamespaces().isEmpty() ? "none" : String.join(",", routes.allowedNamespaces())));
        }
    }

    /** Traffic the NetworkPolicy would drop, or leave open, without the user knowing. */
    void warn(Egress egress) {
        // With egress locked down, a destination the policies do not allow is a silent failure (alerts dropped,
        // traces lost): say which, and how to allow it.
        if (spec.networkPolicy != null && spec.networkPolicy.enabled) {
            egress.unresolved().forEach(w -> warnings.add("egress not derived: " + w));
        }
        boolean ingressNamespacesListed = spec.networkPolicy != null
                && ((spec.networkPolicy.ingressNamespaces != null && !spec.networkPolicy.ingressNamespaces.isEmpty())
                        || (spec.networkPolicy.ingressFrom != null && !spec.networkPolicy.ingressFrom.isEmpty()));
        if (spec.ingress != null && spec.ingress.controllerNamespace == null && spec.networkPolicy != null
                && spec.networkPolicy.enabled && !ingressNamespacesListed) {
            // Secure by default: the operator does not guess where the controller runs, so nothing admits it.
            warnings.add("the NetworkPolicy admits no ingress controller: set spec.ingress.controllerNamespace"
                    + " (or list the controller's namespace in spec.networkPolicy.ingressNamespaces or ingressFrom)");
        }
        var o = spec.observability;
        if (o != null && o.prometheus != null && o.prometheus.enabled && (spec.networkPolicy == null || !spec.networkPolicy.enabled)) {
            // The metrics port has no auth by design: the NetworkPolicy is what keeps it to Prometheus.
            warnings.add("metrics port " + Defaults.METRICS_PORT + " has no authentication and spec.networkPolicy is off:"
                    + " any pod that can reach the proxy pods can read the metrics (model, key alias and team names, spend)");
        }
    }
}
