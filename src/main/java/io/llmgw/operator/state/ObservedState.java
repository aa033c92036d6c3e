package io.llmgw.operator.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Names;
import io.llmgw.operator.resource.BarmanObjectStore;
import io.llmgw.operator.resource.CnpgBackup;
import io.llmgw.operator.resource.CnpgCluster;

/**
 * What the informer caches say about the gateway's objects at the start of a reconcile: read once, then used
 * both to gate the rollout and to write status. No API calls.
 */
public record ObservedState(Optional<Deployment> proxy, Optional<Deployment> cache, Optional<CnpgCluster> cluster,
        Optional<Job> migration, Optional<HTTPRoute> route, List<Pod> proxyPods, Optional<CnpgBackup> preUpgradeBackup,
        Optional<BarmanObjectStore> objectStore, String migrationJob) {

    public static final String CONTEXT_KEY = "llmgw.io/observed";

    /** The migration Job's name from the Job itself (null while it does not exist): states built by hand in tests. */
    public ObservedState(Optional<Deployment> proxy, Optional<Deployment> cache, Optional<CnpgCluster> cluster, Optional<Job> migration,
            Optional<HTTPRoute> route, List<Pod> proxyPods, Optional<CnpgBackup> preUpgradeBackup, Optional<BarmanObjectStore> objectStore) {
        this(proxy, cache, cluster, migration, route, proxyPods, preUpgradeBackup, objectStore,
                migration.map(job -> job.getMetadata().getName()).orElse(null));
    }

    /** Without the backup objects (no backups configured, or a state read before any exists). */
    public ObservedState(Optional<Deployment> proxy, Optional<Deployment> cache, Optional<CnpgCluster> cluster, Optional<Job> migration,
            Optional<HTTPRoute> route, List<Pod> proxyPods) {
        this(proxy, cache, cluster, migration, route, proxyPods, Optional.empty(), Optional.empty());
    }

    /** Objects without pods: a state read before any pod exists, or where no kubelet runs. */
    public ObservedState(Optional<Deployment> proxy, Optional<Deployment> cache, Optional<CnpgCluster> cluster, Optional<Job> migration,
            Optional<HTTPRoute> route) {
        this(proxy, cache, cluster, migration, route, List.of());
    }

    /** The model's CloudNativePG Cluster, as the informer holds it. */
    public static Optional<CnpgCluster> clusterOf(GatewayModel model, Context<LiteLLMGateway> context) {
        return named(cached(context, CnpgCluster.class), model.names().database(), model.namespace());
    }

    /**
     * What the informers hold for the model's objects. {@code migrationJob} is the name of the migration Job for this
     * model (the dependent derives it from the Job's pod template), null without a database; it is kept, so status
     * names the Job before it exists.
     */
    public static ObservedState read(GatewayModel model, String migrationJob, Context<LiteLLMGateway> context) {
        var names = model.names();
        return new ObservedState(
                named(cached(context, Deployment.class), names.deployment(), model.namespace()),
                named(cached(context, Deployment.class), names.cache(), model.namespace()),
                clusterOf(model, context),
                migrationJob != null ? named(cached(context, Job.class), migrationJob, model.namespace()) : Optional.empty(),
                named(cached(context, HTTPRoute.class), names.route(), model.routeNamespace()),
                cached(context, Pod.class).filter(p -> model.namespace().equals(p.getMetadata().getNamespace())
                        && selectedBy(p, names.selector(Names.PROXY))).toList(),
                model.backupBeforeUpgrade()
                        ? named(cached(context, CnpgBackup.class), PreUpgradeBackup.backupName(model), model.namespace())
                        : Optional.empty(),
                model.backupPluginEnabled() ? named(cached(context, BarmanObjectStore.class), names.objectStore(), model.namespace())
                        : Optional.empty(),
                migrationJob);
    }

    /**
     * The pods may roll once what the config points at is ready: the generated keys Secret, the managed database, the
     * migrations for this image and database, the managed cache.
     */
    public boolean backendsReady(GatewayModel model) {
        return model.generatedKeysPresent()
                && (!model.managedDatabase() || clusterReady())
                && (!model.hasDatabase() || migrationComplete())
                && (!model.managedCache() || cacheReady());
    }

    /** The LiteLLM image the proxy Deployment runs now: the previous one while an upgrade waits for its migrations. */
    public Optional<String> proxyImage() {
        return proxy.map(d -> d.getSpec() == null || d.getSpec().getTemplate() == null || d.getSpec().getTemplate().getSpec() == null
                ? null : d.getSpec().getTemplate().getSpec().getContainers())
                .flatMap(containers -> containers.stream().filter(c -> Names.PROXY_CONTAINER.equals(c.getName())).findFirst())
                .map(c -> c.getImage());
    }

    private static boolean selectedBy(Pod pod, Map<String, String> selector) {
        var labels = pod.getMetadata().getLabels();
        return labels != null && labels.entrySet().containsAll(selector.entrySet());
    }

    public static ObservedState of(Context<LiteLLMGateway> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(CONTEXT_KEY, ObservedState.class);
    }

    /** Objects of a kind from the informer caches; none while the kind's informer is not running (CRD absent). */
    private static <R> Stream<R> cached(Context<LiteLLMGateway> context, Class<R> type) {
        try {
            return context.getSecondaryResourcesAsStream(type, true);
        } catch (RuntimeException noEventSourceYet) {
            return Stream.empty();
        }
    }

    private static <R extends HasMetadata> Optional<R> named(Stream<R> resources, String name, String namespace) {
        return resources.filter(r -> name.equals(r.getMetadata().getName()) && namespace.equals(r.getMetadata().getNamespace()))
                .findFirst();
    }

    public boolean proxyAvailable() {
        return proxy.map(Readiness::rolledOut).orElse(false);
    }

    /** The proxy Deployment's rollout made no progress within its progressDeadlineSeconds (the Deployment controller says so). */
    public boolean proxyProgressDeadlineExceeded() {
        // Only a verdict on the template as it is now: right after an update the old verdict still stands until observed.
        return proxy.filter(d -> d.getStatus() != null && java.util.Objects.equals(d.getStatus().getObservedGeneration(), d.getMetadata().getGeneration()))
                .map(d -> d.getStatus().getConditions()).stream().flatMap(List::stream)
                .anyMatch(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus())
                        && "ProgressDeadlineExceeded".equals(c.getReason()));
    }

    public boolean cacheReady() {
        return cache.map(Readiness::rolledOut).orElse(false);
    }

    public boolean clusterReady() {
        return cluster.map(Readiness::clusterReady).orElse(false);
    }

    public boolean migrationComplete() {
        return migration.map(Readiness::jobComplete).orElse(false);
    }

    public boolean migrationFailed() {
        return migration.map(Readiness::jobFailed).orElse(false);
    }

    /**
     * The Cluster has not come up for the first time yet (its initdb, import or recovery Job runs): CloudNativePG
     * 1.30's condition Initialized (False until an instance first ran, then True for good); without it (older
     * CloudNativePG) no status or the phase "Setting up primary". A Cluster that was up and is not ready (failover,
     * rolling update) is not bootstrapping.
     */
    @SuppressWarnings("unchecked")
    public boolean clusterBootstrapping() {
        if (clusterReady()) {
            return false;
        }
        Object status = cluster.map(c -> c.getAdditionalProperties().get("status")).orElse(null);
        if (!(status instanceof Map<?, ?> s)) {
            return true;
        }
        if (s.get("conditions") instanceof List<?> conditions) {
            Optional<Object> initialized = conditions.stream().filter(Map.class::isInstance).map(c -> (Map<String, Object>) c)
                    .filter(c -> "Initialized".equals(c.get("type"))).map(c -> c.get("status")).findFirst();
            if (initialized.isPresent()) {
                return !"True".equals(initialized.get());
            }
        }
        Object phase = s.get("phase");
        return phase == null || "Setting up primary".equals(phase);
    }

    /** CloudNativePG's instance count, e.g. "3/3", when the Cluster reports it. */
    @SuppressWarnings("unchecked")
    public String clusterInstances() {
        return cluster.map(c -> c.getAdditionalProperties().get("status")).filter(Map.class::isInstance).map(s -> (Map<String, Object>) s)
                .map(s -> s.getOrDefault("readyInstances", 0) + "/" + s.getOrDefault("instances", "?")).orElse("0/?");
    }

    /** Accepted=True on every parent of the HTTPRoute. */
    public boolean routeAccepted() {
        return route.map(r -> r.getStatus() != null && r.getStatus().getParents() != null && !r.getStatus().getParents().isEmpty()
                && r.getStatus().getParents().stream().allMatch(p -> p.getConditions() != null && p.getConditions().stream()
                        .anyMatch(c -> "Accepted".equals(c.getType()) && "True".equals(c.getStatus()))))
                .orElse(false);
    }

    public List<String> routeRejections() {
        return route.map(r -> r.getStatus() == null || r.getStatus().getParents() == null ? List.<String> of()
                : r.getStatus().getParents().stream().flatMap(p -> p.getConditions() == null ? Stream.empty() : p.getConditions().stream())
                        .filter(c -> "Accepted".equals(c.getType()) && "False".equals(c.getStatus()))
                        .map(c -> c.getReason() + ": " + c.getMessage()).toList())
                .orElse(List.of());
    }
}
