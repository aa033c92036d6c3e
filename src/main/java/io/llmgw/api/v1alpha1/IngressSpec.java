package io.llmgw.api.v1alpha1;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A networking.k8s.io/v1 Ingress to the gateway's Service, for clusters without the Gateway API. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.hosts.all(h, self.hosts.exists_one(g, g == h))", message = "ingress hosts must be unique")
@ValidationRule(value = "!has(self.tls) || self.tls.all(t, t.hosts.all(h, h in self.hosts))",
        message = "every ingress tls host must be one of spec.ingress.hosts")
public class IngressSpec {
    /**
     * A lowercase DNS name whose last label starts with a letter: the Ingress API refuses IP addresses as hosts,
     * and a wildcard host would leave the gateway without one URL to report.
     */
    public static final String HOST = "^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)*[a-z]([-a-z0-9]{0,61}[a-z0-9])?$";
    /** A DNS label: a namespace name. */
    public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";
    /** A DNS subdomain: an IngressClass or Secret name. */
    public static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    @Size(max = 253)
    @Pattern(DNS_SUBDOMAIN)
    @JsonPropertyDescription("IngressClass of the controller that serves the Ingress (default: the cluster's default IngressClass).")
    public String className;

    @Required
    @Size(min = 1, max = 16)
    @JsonPropertyDescription("Host names the Ingress serves (DNS names, no wildcards or IP addresses). The first one makes status.externalUrl.")
    public List<@Size(max = 253) @Pattern(HOST) String> hosts;

    @Default("/")
    @Size(max = 1024)
    // Plain path characters only: ingress-nginx refuses others under its strict-validate-path-type.
    @Pattern("^/[A-Za-z0-9/_.~-]*$")
    @JsonPropertyDescription("Path prefix routed to the gateway (pathType Prefix).")
    public String path = "/";

    @Size(max = 16)
    @JsonPropertyDescription("TLS termination at the ingress controller: each entry a certificate Secret (in the gateway's namespace) and the hosts it covers.")
    public List<Tls> tls;

    @JsonPropertyDescription("Annotations on the Ingress, e.g. cert-manager.io/cluster-issuer or the controller's timeouts.")
    public Map<String, String> annotations;

    @Size(max = 63)
    @Pattern(DNS_LABEL)
    @JsonPropertyDescription("Namespace of the ingress controller's pods. With networkPolicy.enabled they are admitted to port 4000; without it the controller is not admitted unless listed in networkPolicy.ingressNamespaces.")
    public String controllerNamespace;

    @JsonPropertyDescription("When set, only pods with these labels in controllerNamespace are admitted (e.g. app.kubernetes.io/name: ingress-nginx; default: every pod there).")
    public Map<String, String> controllerPodLabels;

    /** One certificate and the hosts it is served for. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Tls {
        @Size(max = 253)
        @Pattern(DNS_SUBDOMAIN)
        @JsonPropertyDescription("Secret of type kubernetes.io/tls in the gateway's namespace (default: the controller's default certificate).")
        public String secretName;

        @Required
        @Size(min = 1, max = 16)
        @JsonPropertyDescription("Hosts served with this certificate; each one of spec.ingress.hosts.")
        public List<@Size(max = 253) @Pattern(HOST) String> hosts;
    }
}
