package io.llmgw.operator.dependent;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.llmgw.api.v1alpha1.CacheSpec;
import io.llmgw.model.Defaults;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;
import io.llmgw.model.ProxyEnvironment;

/**
 * The managed Dragonfly: one replica, password-protected, disposable data on an emptyDir. The password comes
 * from the cache Secret through an environment variable that Kubernetes expands into {@code --requirepass}, so
 * it never appears in the Deployment. Runs non-root on a read-only root filesystem.
 */
// Its informer is shared with the other dependents of its kind (LiteLLMGatewayReconciler.prepareEventSources).
public class CacheDeploymentDependent extends GatewayResource<Deployment> {
    static final String PORT_NAME = "redis";
    static final String PASSWORD_ENV = "DRAGONFLY_PASSWORD";
    static final String DATA_DIR = "/data";

    public CacheDeploymentDependent() {
        super(Deployment.class);
    }

    @Override
    public boolean enabled(GatewayModel model) {
        return model.managedCache();
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().cache();
    }

    @Override
    public Deployment desired(GatewayModel model) {
        Names names = model.names();
        var spec = model.spec();
        PodSpecBuilder pod = new PodSpecBuilder()
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withSecurityContext(PodSecurity.pod())
                .withContainers(container(model))
                .withVolumes(new VolumeBuilder().withName("data").withNewEmptyDir().endEmptyDir().build(),
                        new VolumeBuilder().withName("tmp").withNewEmptyDir().withSizeLimit(new Quantity("64Mi")).endEmptyDir().build());
        PodPlacement.CACHE.apply(spec, pod);
        return new DeploymentBuilder()
                .withMetadata(Meta.of(model, name(model), Names.CACHE))
                .withNewSpec()
                .withReplicas(1)
                .withRevisionHistoryLimit(3)
                .withNewSelector().withMatchLabels(names.selector(Names.CACHE)).endSelector()
                .withNewStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withNewMaxUnavailable(0).withNewMaxSurge(1).endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata().withLabels(names.labels(Names.CACHE)).endMetadata()
                .withSpec(pod.build())
                .endTemplate()
                .endSpec()
                .build();
    }

    private static Container container(GatewayModel model) {
        CacheSpec cache = model.spec().cache;
        CacheSpec.Dragonfly dragonfly = cache != null ? cache.dragonfly : null;
        List<String> args = new ArrayList<>();
        args.add("--port=" + Defaults.REDIS_PORT);
        args.add("--proactor_threads=" + (dragonfly != null && dragonfly.threads != null ? dragonfly.threads : Defaults.DRAGONFLY_THREADS));
        if (dragonfly != null && dragonfly.maxMemory != null) {
            args.add("--maxmemory=" + maxMemoryBytes(dragonfly.maxMemory));
        }
        // Kubernetes expands $(VAR) from the container's own environment: the value stays in the Secret.
        args.add("--requirepass=$(" + PASSWORD_ENV + ")");
        args.add("--dir=" + DATA_DIR);
        // No daily call home for new releases (egress is locked down and it would only log failures).
        args.add("--version_check=false");
        ContainerBuilder container = new ContainerBuilder()
                .withName("dragonfly")
                .withImage(dragonfly != null && dragonfly.image != null ? dragonfly.image : Defaults.DRAGONFLY_IMAGE)
                .withArgs(args)
                .withEnv(new EnvVarBuilder().withName(PASSWORD_ENV).withNewValueFrom().withNewSecretKeyRef()
                        .withName(model.names().cacheSecret()).withKey(ProxyEnvironment.CACHE_PASSWORD_KEY).endSecretKeyRef()
                        .endValueFrom().build())
                .addNewPort().withName(PORT_NAME).withContainerPort(Defaults.REDIS_PORT).withProtocol("TCP").endPort()
                .withReadinessProbe(tcpProbe(5, 3))
                .withLivenessProbe(tcpProbe(10, 3))
                .withResources(dragonfly != null && dragonfly.resources != null ? dragonfly.resources : defaultResources())
                .withSecurityContext(PodSecurity.container())
                .withVolumeMounts(new VolumeMountBuilder().withName("data").withMountPath(DATA_DIR).build(),
                        new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
        if (model.spec().image != null && model.spec().image.pullPolicy != null) {
            container.withImagePullPolicy(model.spec().image.pullPolicy);
        }
        return container.build();
    }

    private static Probe tcpProbe(int period, int failures) {
        return new ProbeBuilder()
                .withNewTcpSocket().withNewPort(Defaults.REDIS_PORT).endTcpSocket()
                .withPeriodSeconds(period)
                .withTimeoutSeconds(3)
                .withFailureThreshold(failures)
                .build();
    }

    private static ResourceRequirements defaultResources() {
        return Resources.of("100m", "256Mi", Defaults.DRAGONFLY_MEMORY_LIMIT);
    }

    /**
     * spec.cache.dragonfly.maxMemory (digits with an optional Ki/Mi/Gi/Ti suffix, as the CRD pattern allows) as a
     * plain byte count. Dragonfly's parser reads only the first letter of a unit (so "1GiB" is refused by recent
     * releases and "512MB" by older ones), while a bare number means bytes in every release.
     */
    static long maxMemoryBytes(String quantity) {
        String q = quantity.trim();
        int shift = 0;
        String digits = q;
        if (q.length() > 2 && q.endsWith("i")) {
            shift = switch (q.charAt(q.length() - 2)) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                default -> throw new IllegalArgumentException("unsupported memory unit in " + quantity);
            };
            digits = q.substring(0, q.length() - 2);
        }
        return Math.multiplyExact(Long.parseLong(digits), 1L << shift);
    }
}
