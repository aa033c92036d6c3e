package io.llmgw.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.CacheSpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.SchedulingSpec;
import io.llmgw.model.Defaults;
import io.llmgw.model.Names;

class CacheDeploymentDependentTest {
    private final CacheDeploymentDependent dependent = new CacheDeploymentDependent();

    private static Container container(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void defaults() {
        var model = TestGateways.model(CacheSecretDependentTest.withDragonfly());
        Deployment d = dependent.desired(model);

        assertThat(d.getMetadata().getName()).isEqualTo("gw-cache");
        assertThat(d.getMetadata().getNamespace()).isEqualTo("ai-system");
        assertThat(d.getMetadata().getLabels()).containsEntry(Names.COMPONENT_LABEL, Names.CACHE)
                .containsEntry("app.kubernetes.io/managed-by", Names.MANAGED_BY);
        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
        assertThat(d.getSpec().getSelector().getMatchLabels()).isEqualTo(model.names().selector(Names.CACHE));
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(model.names().selector(Names.CACHE));

        Container c = container(d);
        assertThat(c.getImage()).isEqualTo(Defaults.DRAGONFLY_IMAGE);
        assertThat(c.getArgs()).containsExactly("--port=6379", "--proactor_threads=2", "--requirepass=$(DRAGONFLY_PASSWORD)",
                "--dir=/data", "--version_check=false");
        assertThat(c.getArgs()).noneMatch(a -> a.startsWith("--cluster_mode") || a.startsWith("--maxmemory"));
        assertThat(c.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("redis");
            assertThat(p.getContainerPort()).isEqualTo(6379);
        });
        assertThat(c.getReadinessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(6379);
        assertThat(c.getLivenessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(6379);
        assertThat(c.getResources().getRequests()).containsEntry("cpu", new Quantity("100m")).containsEntry("memory", new Quantity("256Mi"));
        assertThat(c.getResources().getLimits()).containsOnly(Map.entry("memory", new Quantity("1Gi")));
    }

    @Test
    void passwordOnlyThroughTheSecretNeverLiterally() {
        var model = TestGateways.model(CacheSecretDependentTest.withDragonfly());
        Container c = container(dependent.desired(model));

        assertThat(c.getEnv()).singleElement().satisfies(e -> {
            assertThat(e.getName()).isEqualTo("DRAGONFLY_PASSWORD");
            assertThat(e.getValue()).isNull();
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(model.names().cacheSecret());
            assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
        });
        assertThat(c.getArgs()).filteredOn(a -> a.startsWith("--requirepass=")).containsExactly("--requirepass=$(DRAGONFLY_PASSWORD)");
    }

    @Test
    void restrictedPodWithWritableDataDir() {
        var pod = dependent.desired(TestGateways.model(CacheSecretDependentTest.withDragonfly())).getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getEnableServiceLinks()).isFalse();
        assertThat(c.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/data");
            assertThat(pod.getVolumes()).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo(m.getName());
                assertThat(v.getEmptyDir()).isNotNull();
            });
        });
    }

    @Test
    void specOverridesImageThreadsMemoryAndResources() {
        LiteLLMGateway gateway = CacheSecretDependentTest.withDragonfly();
        CacheSpec.Dragonfly dragonfly = new CacheSpec.Dragonfly();
        dragonfly.image = "registry.example/dragonfly:v1.35.0";
        dragonfly.threads = 4;
        dragonfly.maxMemory = "1536Mi";
        dragonfly.resources = new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("2Gi")).build();
        gateway.getSpec().cache.dragonfly = dragonfly;
        Container c = container(dependent.desired(TestGateways.model(gateway)));

        assertThat(c.getImage()).isEqualTo("registry.example/dragonfly:v1.35.0");
        assertThat(c.getArgs()).contains("--proactor_threads=4", "--maxmemory=1610612736");
        assertThat(c.getResources().getLimits()).containsOnly(Map.entry("memory", new Quantity("2Gi")));
        assertThat(c.getResources().getRequests()).isNullOrEmpty();
    }

    @Test
    void maxMemoryBecomesAPlainByteCount() {
        assertThat(CacheDeploymentDependent.maxMemoryBytes("512Mi")).isEqualTo(512L * 1024 * 1024);
        assertThat(CacheDeploymentDependent.maxMemoryBytes("2Gi")).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(CacheDeploymentDependent.maxMemoryBytes("1Ti")).isEqualTo(1L << 40);
        assertThat(CacheDeploymentDependent.maxMemoryBytes("524288Ki")).isEqualTo(512L * 1024 * 1024);
        assertThat(CacheDeploymentDependent.maxMemoryBytes("1000000")).isEqualTo(1_000_000L);
        assertThatThrownBy(() -> CacheDeploymentDependent.maxMemoryBytes("1Pi")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void schedulesLikeTheProxy() {
        LiteLLMGateway gateway = CacheSecretDependentTest.withDragonfly();
        gateway.getSpec().scheduling = new SchedulingSpec();
        gateway.getSpec().scheduling.nodeSelector = Map.of("node-role/ai", "true");
        gateway.getSpec().scheduling.tolerations = List.of(new TolerationBuilder().withKey("ai").withOperator("Exists")
                .withEffect("NoSchedule").build());
        var model = TestGateways.model(gateway);
        var cachePod = dependent.desired(model).getSpec().getTemplate().getSpec();
        var proxyPod = new ProxyDeploymentDependent().desired(model).getSpec().getTemplate().getSpec();

        assertThat(cachePod.getNodeSelector()).isEqualTo(proxyPod.getNodeSelector()).containsEntry("node-role/ai", "true");
        assertThat(cachePod.getTolerations()).isEqualTo(proxyPod.getTolerations()).hasSize(1);
    }

    @Test
    void enabledOnlyForTheManagedCache() {
        assertThat(dependent.enabled(TestGateways.model(CacheSecretDependentTest.withDragonfly()))).isTrue();
        assertThat(dependent.enabled(TestGateways.model(TestGateways.minimal()))).isFalse();
    }
}
