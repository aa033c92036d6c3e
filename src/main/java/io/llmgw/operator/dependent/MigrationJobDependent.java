package io.llmgw.operator.dependent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Hashing;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;
import io.llmgw.model.ProxyEnvironment;

/**
 * Runs LiteLLM's Prisma migrations once per image and database: the Job's name carries a fingerprint of its pod
 * template, so a new image gets a new Job and an unchanged one is never re-run. The proxy Deployment rolls only
 * after it completes (upstream issues #14400, #36938: replicas racing on {@code prisma migrate deploy}).
 * It gets the database URL and nothing else: no provider keys, no master key.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class MigrationJobDependent extends GatewayResource<Job> {
    /**
     * The name per model, keyed by identity (GatewayModel keeps Object's equals): the pod template is serialised and
     * hashed once per model, not on every lookup by JOSDK, the rollout gate and the status; an entry goes with its model.
     */
    private static final Map<GatewayModel, String> JOB_NAMES = Collections.synchronizedMap(new WeakHashMap<>());

    public MigrationJobDependent() {
        super(Job.class);
    }

    @Override
    public boolean enabled(GatewayModel model) {
        return model.hasDatabase();
    }

    @Override
    public String name(GatewayModel model) {
        return jobName(model);
    }

    @Override
    public Job desired(GatewayModel model) {
        PodSpec pod = podSpec(model);
        return new JobBuilder()
                .withMetadata(Meta.of(model, name(model), Names.MIGRATION))
                .withNewSpec()
                // CloudNativePG may still be bootstrapping: retries back off up to ~10 minutes in total.
                .withBackoffLimit(6)
                .withActiveDeadlineSeconds(1800L)
                .withNewTemplate()
                .withNewMetadata().withLabels(model.names().labels(Names.MIGRATION)).endMetadata()
                .withSpec(pod)
                .endTemplate()
                .endSpec()
                .build();
    }

    /** The Job for the current image and database; status and the rollout gate look for this name. */
    public static String jobName(GatewayModel model) {
        return JOB_NAMES.computeIfAbsent(model, m -> m.names().migrationJob(Hashing.sha256Hex(Serialization.asJson(podSpec(m)), 4)));
    }

    private static PodSpec podSpec(GatewayModel model) {
        var spec = model.spec();
        List<EnvVar> env = new ArrayList<>();
        model.proxyEnv().stream().filter(v -> ProxyEnvironment.DATABASE_URL.equals(v.getName())).forEach(env::add);
        env.add(new EnvVarBuilder().withName("LITELLM_MIGRATION_DIR").withValue("/tmp/migrations").build());
        env.add(new EnvVarBuilder().withName("LITELLM_LOCAL_MODEL_COST_MAP").withValue("True").build());
        env.add(new EnvVarBuilder().withName("HOME").withValue("/tmp").build());
        PodSpecBuilder pod = new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withServiceAccountName(model.names().serviceAccount())
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withSecurityContext(PodSecurity.pod())
                .addNewContainer()
                .withName("migrate")
                .withImage(model.image())
                .withArgs("--skip_server_startup")
                .withEnv(env)
                .withNewResources()
                .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("256Mi"))
                .addToLimits("memory", new Quantity("1Gi"))
                .endResources()
                .withSecurityContext(PodSecurity.container())
                .withVolumeMounts(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build(),
                        new VolumeMountBuilder().withName("cache").withMountPath("/.cache").build())
                .endContainer()
                .withVolumes(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build(),
                        new VolumeBuilder().withName("cache").withNewEmptyDir().endEmptyDir().build());
        if (spec.image != null && spec.image.pullPolicy != null) {
            pod.editFirstContainer().withImagePullPolicy(spec.image.pullPolicy).endContainer();
        }
        PodPlacement.MIGRATION.apply(spec, pod);
        return pod.build();
    }
}
