package io.llmgw.operator.dependent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.llmgw.api.v1alpha1.FileMountSpec;
import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;
import io.llmgw.api.v1alpha1.PresidioSpec;
import io.llmgw.api.v1alpha1.TrustedCaSpec;
import io.llmgw.model.Defaults;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;
import io.llmgw.model.ProxyEnvironment;

/**
 * The LiteLLM proxy pods. The config hash on the pod template rolls them on any change of config, environment
 * or referenced Secret. They run non-root on a read-only root filesystem with writable emptyDirs where Prisma
 * and Prometheus multiprocess need them, and never migrate the schema themselves (the migration Job does).
 */
// Its informer is shared with the other dependents of its kind (LiteLLMGatewayReconciler.prepareEventSources).
public class ProxyDeploymentDependent extends GatewayResource<Deployment> {
    /** The LiteLLM container; its image is what the gateway runs (the previous image while an upgrade migrates). */
    public static final String CONTAINER = Names.PROXY_CONTAINER;
    /** How long a terminating proxy pod keeps serving while its endpoint is removed from the Service. */
    static final long PRE_STOP_SECONDS = 10;

    static final String METRICS_PORT_NAME = "metrics";
    static final String CONFIG_DIR = "/etc/litellm";
    static final String TRUSTED_CA_DIR = "/etc/llmgw/trusted-ca";
    static final String FILES_PREFIX = "files-";

    public ProxyDeploymentDependent() {
        super(Deployment.class);
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().deployment();
    }

    @Override
    public Deployment desired(GatewayModel model) {
        LiteLLMGatewaySpec spec = model.spec();
        Names names = model.names();

        List<Container> containers = new ArrayList<>();
        containers.add(proxyContainer(model));
        PresidioSpec presidio = spec.presidio;
        if (presidio != null && presidio.enabled) {
            containers.add(sidecar("presidio-analyzer", presidio.analyzerImage != null ? presidio.analyzerImage : Defaults.PRESIDIO_ANALYZER_IMAGE,
                    Defaults.PRESIDIO_ANALYZER_PORT, presidio.analyzerResources));
            containers.add(sidecar("presidio-anonymizer", presidio.anonymizerImage != null ? presidio.anonymizerImage : Defaults.PRESIDIO_ANONYMIZER_IMAGE,
                    Defaults.PRESIDIO_ANONYMIZER_PORT, presidio.anonymizerResources));
        }

        PodSpecBuilder pod = new PodSpecBuilder()
                .withServiceAccountName(names.serviceAccount())
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withSecurityContext(PodSecurity.pod())
                .withTerminationGracePeriodSeconds(60L)
                .withInitContainers(spec.trustedCA != null ? List.of(caBundleContainer(model)) : List.of())
                .withContainers(containers)
                .withVolumes(volumes(model));
        PodPlacement.PROXY.apply(spec, pod);
        pod.withTopologySpreadConstraints(spread(model));

        DeploymentBuilder deployment = new DeploymentBuilder()
                .withMetadata(Meta.of(model, name(model), Names.PROXY))
                .withNewSpec()
                .withReplicas(model.autoscaled() ? null : model.replicas())
                .withRevisionHistoryLimit(5)
                .withProgressDeadlineSeconds(spec.rollout != null ? spec.rollout.progressDeadlineSeconds : null)
                .withNewSelector().withMatchLabels(names.selector(Names.PROXY)).endSelector()
                .withNewStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withNewMaxUnavailable(0).withNewMaxSurge(1).endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(names.labels(Names.PROXY))
                .withAnnotations(Map.of(Names.CONFIG_HASH_ANNOTATION, model.configHash()))
                .endMetadata()
                .withSpec(pod.build())
                .endTemplate()
                .endSpec();
        return deployment.build();
    }

    private static Container proxyContainer(GatewayModel model) {
        LiteLLMGatewaySpec spec = model.spec();
        List<EnvVar> env = new ArrayList<>(model.proxyEnv());
        // Prisma and Python caches go to the writable emptyDir, not the read-only image.
        env.add(new EnvVarBuilder().withName("HOME").withValue("/tmp").build());
        if (spec.env != null) {
            env.addAll(spec.env);
        }
        List<String> args = new ArrayList<>(List.of("--config", CONFIG_DIR + "/" + ConfigMapDependent.CONFIG_KEY,
                "--port", String.valueOf(Defaults.PROXY_PORT),
                "--num_workers", String.valueOf(model.workers())));
        if (model.prometheusEnabled()) {
            // Scraped without a credential on its own port (the NetworkPolicy admits only Prometheus to it), so the
            // ServiceMonitor needs no master key; /metrics on the API port still requires one.
            args.addAll(List.of("--prometheus_metrics_port", String.valueOf(Defaults.METRICS_PORT)));
        }
        ContainerBuilder container = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(model.image())
                .withArgs(args)
                .withEnv(env)
                .withEnvFrom(spec.envFrom)
                .addNewPort().withName("http").withContainerPort(Defaults.PROXY_PORT).withProtocol("TCP").endPort()
                // Import is slow on small nodes: the startup probe gives it up to 5 minutes before liveness applies.
                .withStartupProbe(probe("/health/liveliness", 10, 30))
                .withLivenessProbe(probe("/health/liveliness", 15, 4))
                .withReadinessProbe(probe("/health/readiness", 10, 3))
                // Endpoint removal reaches kube-proxy a moment after SIGTERM reaches the pod: keep serving for
                // PRE_STOP_SECONDS so a rolling update refuses no connection (seen on a real node: 2 of 132
                // requests refused without it). The sleep action needs no binary in the image (Kubernetes 1.30+).
                .withNewLifecycle().withNewPreStop().withNewSleep().withSeconds(PRE_STOP_SECONDS).endSleep().endPreStop()
                .endLifecycle()
                .withResources(spec.resources != null ? spec.resources : defaultResources())
                .withSecurityContext(PodSecurity.container())
                .withVolumeMounts(mounts(model));
        if (model.prometheusEnabled()) {
            container.addNewPort().withName(METRICS_PORT_NAME).withContainerPort(Defaults.METRICS_PORT).withProtocol("TCP").endPort();
        }
        if (spec.image != null && spec.image.pullPolicy != null) {
            container.withImagePullPolicy(spec.image.pullPolicy);
        }
        return container.build();
    }

    /**
     * Writes the public roots of the image (certifi, what LiteLLM trusts by default) followed by spec.trustedCA into
     * an emptyDir: SSL_CERT_FILE replaces the default roots, so it must hold both. The proxy image has Python and
     * certifi, so no other image is pulled.
     */
    private static Container caBundleContainer(GatewayModel model) {
        String script = String.join("\n",
                "import certifi, sys",
                "extra = open('" + TRUSTED_CA_DIR + "/ca.crt').read()",
                "if '-----BEGIN CERTIFICATE-----' not in extra:",
                "    sys.exit('spec.trustedCA: the key holds no PEM certificate')",
                "roots = open(certifi.where()).read().rstrip() + '\\n'",
                "open('" + ProxyEnvironment.CA_BUNDLE_FILE + "', 'w').write(roots + extra)");
        ContainerBuilder container = new ContainerBuilder()
                .withName("ca-bundle")
                .withImage(model.image())
                .withCommand("python3", "-c", script)
                .withResources(Resources.of("10m", "32Mi", "128Mi"))
                .withSecurityContext(PodSecurity.container())
                .withVolumeMounts(new VolumeMountBuilder().withName("trusted-ca").withMountPath(TRUSTED_CA_DIR).withReadOnly(true).build(),
                        new VolumeMountBuilder().withName("ca-bundle").withMountPath(ProxyEnvironment.CA_BUNDLE_DIR).build());
        var image = model.spec().image;
        if (image != null && image.pullPolicy != null) {
            container.withImagePullPolicy(image.pullPolicy);
        }
        return container.build();
    }

    private static Container sidecar(String name, String image, int port, ResourceRequirements resources) {
        return new ContainerBuilder()
                .withName(name)
                .withImage(image)
                .withEnv(new EnvVarBuilder().withName("PORT").withValue(String.valueOf(port)).build())
                .addNewPort().withName(name.replace("presidio-", "")).withContainerPort(port).withProtocol("TCP").endPort()
                .withReadinessProbe(probe("/health", 10, 3, port))
                .withResources(resources)
                .withSecurityContext(PodSecurity.container())
                .withVolumeMounts(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build())
                .build();
    }

    private static ResourceRequirements defaultResources() {
        return Resources.of("200m", "512Mi", "2Gi");
    }

    private static Probe probe(String path, int period, int failures) {
        return probe(path, period, failures, Defaults.PROXY_PORT);
    }

    private static Probe probe(String path, int period, int failures, int port) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withNewPort(port).endHttpGet()
                .withPeriodSeconds(period)
                .withTimeoutSeconds(5)
                .withFailureThreshold(failures)
                .build();
    }

    private static List<VolumeMount> mounts(GatewayModel model) {
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(new VolumeMountBuilder().withName("config").withMountPath(CONFIG_DIR).withReadOnly(true).build());
        mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
        mounts.add(new VolumeMountBuilder().withName("cache").withMountPath("/.cache").build());
        mounts.add(new VolumeMountBuilder().withName("npm").withMountPath("/.npm").build());
        if (multiprocessMetrics(model)) {
            mounts.add(new VolumeMountBuilder().withName("prometheus").withMountPath(ProxyEnvironment.PROMETHEUS_DIR).build());
        }
        if (model.spec().trustedCA != null) {
            mounts.add(new VolumeMountBuilder().withName("ca-bundle").withMountPath(ProxyEnvironment.CA_BUNDLE_DIR).withReadOnly(true).build());
        }
        if (model.spec().files != null) {
            model.spec().files.forEach(f -> mounts.add(new VolumeMountBuilder().withName(FILES_PREFIX + f.name).withMountPath(f.mountPath)
                    .withReadOnly(true).build()));
        }
        return mounts;
    }

    private static List<Volume> volumes(GatewayModel model) {
        List<Volume> volumes = new ArrayList<>(List.of(
                new VolumeBuilder().withName("config").withNewConfigMap().withName(model.names().configMap()).endConfigMap().build(),
                new VolumeBuilder().withName("tmp").withNewEmptyDir().withSizeLimit(new Quantity("1Gi")).endEmptyDir().build(),
                new VolumeBuilder().withName("cache").withNewEmptyDir().withSizeLimit(new Quantity("512Mi")).endEmptyDir().build(),
                new VolumeBuilder().withName("npm").withNewEmptyDir().withSizeLimit(new Quantity("128Mi")).endEmptyDir().build()));
        if (multiprocessMetrics(model)) {
            // prometheus_client needs PROMETHEUS_MULTIPROC_DIR to exist and be empty at start: its own emptyDir.
            volumes.add(new VolumeBuilder().withName("prometheus").withNewEmptyDir().withSizeLimit(new Quantity("256Mi")).endEmptyDir().build());
        }
        TrustedCaSpec ca = model.spec().trustedCA;
        if (ca != null) {
            KeyToPath item = new KeyToPath(ca.key, null, "ca.crt");
            volumes.add(ca.secret != null
                    ? new VolumeBuilder().withName("trusted-ca").withNewSecret().withSecretName(ca.secret).withItems(item).endSecret().build()
                    : new VolumeBuilder().withName("trusted-ca").withNewConfigMap().withName(ca.configMap).withItems(item).endConfigMap().build());
            volumes.add(new VolumeBuilder().withName("ca-bundle").withNewEmptyDir().withSizeLimit(new Quantity("16Mi")).endEmptyDir().build());
        }
        if (model.spec().files != null) {
            for (FileMountSpec f : model.spec().files) {
                volumes.add(f.secret != null
                        ? new VolumeBuilder().withName(FILES_PREFIX + f.name).withNewSecret().withSecretName(f.secret).endSecret().build()
                        : new VolumeBuilder().withName(FILES_PREFIX + f.name).withNewConfigMap().withName(f.configMap).endConfigMap().build());
            }
        }
        return volumes;
    }

    private static boolean multiprocessMetrics(GatewayModel model) {
        return model.proxyEnv().stream().anyMatch(v -> "PROMETHEUS_MULTIPROC_DIR".equals(v.getName()));
    }

    /** Explicit constraints win; otherwise several replicas are spread across nodes (best effort). */
    private static List<TopologySpreadConstraint> spread(GatewayModel model) {
        var scheduling = model.spec().scheduling;
        if (scheduling != null && scheduling.topologySpreadConstraints != null && !scheduling.topologySpreadConstraints.isEmpty()) {
            return scheduling.topologySpreadConstraints;
        }
        if (model.replicas() < 2 && !model.autoscaled()) {
            return null;
        }
        return List.of(new TopologySpreadConstraintBuilder()
                .withMaxSkew(1)
                .withTopologyKey("kubernetes.io/hostname")
                .withWhenUnsatisfiable("ScheduleAnyway")
                .withNewLabelSelector().withMatchLabels(model.names().selector(Names.PROXY)).endLabelSelector()
                .build());
    }
}
