package io.llmgw.operator.dependent;

import java.util.List;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.llmgw.api.v1alpha1.IngressSpec;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;

/**
 * A networking.k8s.io/v1 Ingress to the gateway's Service, for clusters without the Gateway API (it may coexist
 * with the HTTPRoute while moving from one to the other). It lives in the gateway's namespace, so it is owned and
 * garbage collected; dropping spec.ingress deletes it. TLS, when asked for, terminates at the ingress controller.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class IngressDependent extends GatewayResource<Ingress> {
    static final String PATH_TYPE = "Prefix";

    public IngressDependent() {
        super(Ingress.class);
    }

    @Override
    public boolean enabled(GatewayModel model) {
        return model.ingressEnabled();
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().ingress();
    }

    @Override
    public Ingress desired(GatewayModel model) {
        IngressSpec ingress = model.spec().ingress;
        String path = ingress.path != null ? ingress.path : "/";
        // One rule per host, all to the same backend: an Ingress rule matches one host.
        List<IngressRule> rules = ingress.hosts.stream().map(host -> new IngressRuleBuilder()
                .withHost(host)
                .withNewHttp()
                .addToPaths(new HTTPIngressPathBuilder()
                        .withPath(path)
                        .withPathType(PATH_TYPE)
                        .withNewBackend().withNewService()
                        .withName(model.names().service())
                        .withNewPort().withName(ProxyServiceDependent.PORT_NAME).endPort()
                        .endService().endBackend()
                        .build())
                .endHttp()
                .build()).toList();
        List<IngressTLS> tls = ingress.tls == null || ingress.tls.isEmpty() ? null : ingress.tls.stream().map(t -> new IngressTLSBuilder()
                .withSecretName(t.secretName)
                .withHosts(t.hosts)
                .build()).toList();
        return new IngressBuilder()
                .withMetadata(Meta.of(model, name(model), Names.ROUTE, ingress.annotations))
                .withNewSpec()
                .withIngressClassName(ingress.className)
                .withRules(rules)
                .withTls(tls)
                .endSpec()
                .build();
    }
}
