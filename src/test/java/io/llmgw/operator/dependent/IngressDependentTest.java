package io.llmgw.operator.dependent;

import static io.llmgw.TestGateways.ingress;
import static io.llmgw.TestGateways.litellm;
import static io.llmgw.TestGateways.route;
import static io.llmgw.TestGateways.tls;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.IngressSpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.Names;

class IngressDependentTest {
    private final IngressDependent dependent = new IngressDependent();
    private final ProxyServiceDependent service = new ProxyServiceDependent();

    @Test
    void oneRulePerHostToTheServicesNamedPortWithAPrefixPath() {
        LiteLLMGateway gw = litellm();
        IngressSpec spec = ingress(gw);
        spec.hosts = List.of("litellm.example.com", "llm.internal.example.com");
        spec.path = "/v1";
        Ingress ingress = dependent.desired(TestGateways.model(gw));

        assertThat(ingress.getApiVersion()).isEqualTo("networking.k8s.io/v1");
        assertThat(ingress.getMetadata().getName()).isEqualTo("litellm");
        assertThat(ingress.getMetadata().getNamespace()).isEqualTo("ai-system");
        assertThat(ingress.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", Names.MANAGED_BY)
                .containsEntry(Names.COMPONENT_LABEL, Names.ROUTE);
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getRules()).extracting(IngressRule::getHost)
                .containsExactly("litellm.example.com", "llm.internal.example.com");

        var serviceObject = service.desired(TestGateways.model(gw));
        var servicePort = serviceObject.getSpec().getPorts().get(0);
        for (IngressRule rule : ingress.getSpec().getRules()) {
            HTTPIngressPath path = rule.getHttp().getPaths().get(0);
            assertThat(rule.getHttp().getPaths()).hasSize(1);
            assertThat(path.getPath()).isEqualTo("/v1");
            assertThat(path.getPathType()).isEqualTo("Prefix");
            var backend = path.getBackend().getService();
            assertThat(backend.getName()).isEqualTo(serviceObject.getMetadata().getName());
            // By the name the Service gives port 4000, so the two cannot drift apart.
            assertThat(backend.getPort().getName()).isEqualTo(servicePort.getName());
            assertThat(servicePort.getPort()).isEqualTo(4000);
            assertThat(backend.getPort().getNumber()).isNull();
        }
    }

    @Test
    void defaultsToTheRootPathAndTheClustersDefaultClassWithoutTls() {
        LiteLLMGateway gw = litellm();
        IngressSpec spec = ingress(gw);
        spec.className = null;
        spec.path = null;
        Ingress ingress = dependent.desired(TestGateways.model(gw));

        assertThat(ingress.getSpec().getIngressClassName()).isNull();
        assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getPath()).isEqualTo("/");
        assertThat(ingress.getSpec().getTls()).isNullOrEmpty();
        assertThat(ingress.getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void tlsEntriesAndAnnotationsArePassedOn() {
        LiteLLMGateway gw = litellm();
        IngressSpec spec = ingress(gw);
        spec.hosts = List.of("litellm.example.com", "llm.example.org");
        spec.tls = List.of(tls("litellm-tls", "litellm.example.com"), tls(null, "llm.example.org"));
        spec.annotations = Map.of("cert-manager.io/cluster-issuer", "letsencrypt");
        Ingress ingress = dependent.desired(TestGateways.model(gw));

        assertThat(ingress.getSpec().getTls()).extracting(IngressTLS::getSecretName, IngressTLS::getHosts).containsExactly(
                org.assertj.core.groups.Tuple.tuple("litellm-tls", List.of("litellm.example.com")),
                org.assertj.core.groups.Tuple.tuple(null, List.of("llm.example.org")));
        assertThat(ingress.getMetadata().getAnnotations()).containsExactlyEntriesOf(Map.of("cert-manager.io/cluster-issuer", "letsencrypt"));
    }

    @Test
    void enabledWithAnIngressAlongsideARouteOrAlone() {
        LiteLLMGateway gw = litellm();
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
        route(gw, null);
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
        ingress(gw);
        assertThat(dependent.enabled(TestGateways.model(gw))).isTrue();
        gw.getSpec().route = null;
        assertThat(dependent.enabled(TestGateways.model(gw))).isTrue();
    }

    @Test
    void ownedByTheGatewayAndGarbageCollected() {
        assertThat(dependent).isInstanceOf(GarbageCollected.class);
    }
}
