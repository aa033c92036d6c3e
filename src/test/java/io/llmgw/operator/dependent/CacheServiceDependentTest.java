package io.llmgw.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Service;
import io.llmgw.TestGateways;
import io.llmgw.model.Names;

class CacheServiceDependentTest {
    private final CacheServiceDependent dependent = new CacheServiceDependent();

    @Test
    void clusterIpOnTheRedisPortSelectingTheCachePods() {
        var model = TestGateways.model(CacheSecretDependentTest.withDragonfly());
        Service service = dependent.desired(model);

        assertThat(service.getMetadata().getName()).isEqualTo("gw-cache");
        assertThat(service.getMetadata().getLabels()).containsEntry(Names.COMPONENT_LABEL, Names.CACHE);
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getSelector()).isEqualTo(model.names().selector(Names.CACHE));
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("redis");
            assertThat(p.getPort()).isEqualTo(6379);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("redis");
        });
        // The proxy's cache host is this Service.
        assertThat(model.names().cacheHost()).startsWith(service.getMetadata().getName() + ".");
    }

    @Test
    void selectorMatchesTheDeploymentPods() {
        var model = TestGateways.model(CacheSecretDependentTest.withDragonfly());
        var podLabels = new CacheDeploymentDependent().desired(model).getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(dependent.desired(model).getSpec().getSelector());
    }

    @Test
    void enabledOnlyForTheManagedCache() {
        assertThat(dependent.enabled(TestGateways.model(CacheSecretDependentTest.withDragonfly()))).isTrue();
        assertThat(dependent.enabled(TestGateways.model(TestGateways.minimal()))).isFalse();
    }
}
