package io.llmgw.it.support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.llmgw.model.Names;

/**
 * TEST DOUBLE. The test API server has no kubelet, scheduler or workload controllers, so nothing ever runs a pod
 * and nothing writes the status of Deployments, Jobs, CloudNativePG Clusters or HTTPRoutes. This class writes those
 * status subresources the way the real controllers would once the workload is up (Keycloak's operator tests fake
 * their StatefulSet controller the same way). It proves nothing about pods: only how the operator reacts to status.
 * Every write is an optimistic-locked status update (retried on conflict) so it never reports a stale generation.
 */
public final class FakeKubelet {
    /** The controllerName written into HTTPRoute parent status. */
    public static final String FAKE_GATEWAY_CONTROLLER = "llmgw.io/fake-gateway-controller";

    private FakeKubelet() {
    }

    /** As the Deployment controller reports a fully rolled-out Deployment whose pods are all ready. */
    public static Deployment markDeploymentAvailable(KubernetesClient client, String namespace, String name) {
        return updateStatus(client, client.apps().deployments().inNamespace(namespace).withName(name), d -> {
            int replicas = d.getSpec().getReplicas() != null ? d.getSpec().getReplicas() : 1;
            String now = now();
            d.setStatus(new DeploymentStatusBuilder()
                    .withObservedGeneration(d.getMetadata().getGeneration())
                    .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
                    .withConditions(
                            new DeploymentConditionBuilder().withType("Available").withStatus("True").withReason("MinimumReplicasAvailable")
                                    .withMessage("Deployment has minimum availability (fake kubelet).").withLastTransitionTime(now)
                                    .withLastUpdateTime(now).build(),
                            new DeploymentConditionBuilder().withType("Progressing").withStatus("True").withReason("NewReplicaSetAvailable")
                                    .withMessage("ReplicaSet has successfully progressed (fake kubelet).").withLastTransitionTime(now)
                                    .withLastUpdateTime(now).build())
                    .build());
            return d;
        });
    }

    /** As the Job controller reports a Job whose single pod succeeded (SuccessCriteriaMet, then Complete). */
    public static Job markJobComplete(KubernetesClient client, String namespace, String name) {
        return updateStatus(client, client.batch().v1().jobs().inNamespace(namespace).withName(name), job -> {
            String now = now();
            job.setStatus(new JobStatusBuilder()
                    .withStartTime(job.getStatus() != null && job.getStatus().getStartTime() != null ? job.getStatus().getStartTime() : now)
                    .withCompletionTime(now)
                    .withSucceeded(1).withActive(0).withReady(0).withTerminating(0)
                    .withNewUncountedTerminatedPods().endUncountedTerminatedPods()
                    .withConditions(
                            new JobConditionBuilder().withType("SuccessCriteriaMet").withStatus("True").withReason("CompletionsReached")
                                    .withMessage("Reached expected number of succeeded pods (fake kubelet)").withLastProbeTime(now)
                                    .withLastTransitionTime(now).build(),
                            new JobConditionBuilder().withType("Complete").withStatus("True").withReason("CompletionsReached")
                                    .withMessage("Reached expected number of succeeded pods (fake kubelet)").withLastProbeTime(now)
                                    .withLastTransitionTime(now).build())
                    .build());
            return job;
        });
    }

    /** As the Job controller reports a Job that exhausted its retries (FailureTarget, then Failed). */
    public static Job markJobFailed(KubernetesClient client, String namespace, String name) {
        return updateStatus(client, client.batch().v1().jobs().inNamespace(namespace).withName(name), job -> {
            String now = now();
            job.setStatus(new JobStatusBuilder()
                    .withStartTime(job.getStatus() != null && job.getStatus().getStartTime() != null ? job.getStatus().getStartTime() : now)
                    .withFailed(1).withActive(0).withReady(0).withTerminating(0)
                    .withNewUncountedTerminatedPods().endUncountedTerminatedPods()
                    .withConditions(
                            new JobConditionBuilder().withType("FailureTarget").withStatus("True").withReason("BackoffLimitExceeded")
                                    .withMessage("Job has reached the specified backoff limit (fake kubelet)").withLastProbeTime(now)
                                    .withLastTransitionTime(now).build(),
                            new JobConditionBuilder().withType("Failed").withStatus("True").withReason("BackoffLimitExceeded")
                                    .withMessage("Job has reached the specified backoff limit (fake kubelet)").withLastProbeTime(now)
                                    .withLastTransitionTime(now).build())
                    .build());
            return job;
        });
    }

    /** As CloudNativePG reports a healthy Cluster: Ready=True and every instance ready. */
    public static GenericKubernetesResource markClusterReady(KubernetesClient client, String namespace, String name) {
        return updateStatus(client, client.genericKubernetesResources("postgresql.cnpg.io/v1", "Cluster").inNamespace(namespace).withName(name),
                cluster -> {
                    Object spec = cluster.getAdditionalProperties().get("spec");
                    Object instances = spec instanceof Map<?, ?> s && s.get("instances") != null ? s.get("instances") : 1;
                    Map<String, Object> condition = new LinkedHashMap<>();
                    condition.put("type", "Ready");
                    condition.put("status", "True");
                    condition.put("reason", "ClusterIsReady");
                    condition.put("message", "Cluster is Ready (fake kubelet)");
                    condition.put("lastTransitionTime", now());
                    condition.put("observedGeneration", cluster.getMetadata().getGeneration());
                    Map<String, Object> status = new LinkedHashMap<>();
                    status.put("instances", instances);
                    status.put("readyInstances", instances);
                    status.put("phase", "Cluster in healthy state");
                    status.put("conditions", List.of(condition));
                    cluster.getAdditionalProperties().put("status", status);
                    return cluster;
                });
    }

    /**
     * As CloudNativePG creates the application user's Secret {@code <cluster>-app} right after the Cluster (key
     * {@code uri}, the connection URL the gateway reads as DATABASE_URL). Idempotent.
     */
    public static Secret createClusterAppSecret(KubernetesClient client, String namespace, String cluster) {
        Secret existing = client.secrets().inNamespace(namespace).withName(cluster + "-app").get();
        if (existing != null) {
            return existing;
        }
        return client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(cluster + "-app")
                .addToLabels("cnpg.io/cluster", cluster).endMetadata()
                .addToStringData("uri", "postgresql://litellm:fake@" + cluster + "-rw." + namespace + ":5432/litellm")
                .build()).create();
    }

    /** As a Gateway API implementation reports the route accepted (and its refs resolved) by every parent it names. */
    public static HTTPRoute markRouteAccepted(KubernetesClient client, String namespace, String name) {
        return updateStatus(client, client.resources(HTTPRoute.class).inNamespace(namespace).withName(name), route -> {
            String now = now();
            long generation = route.getMetadata().getGeneration();
            List<io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus> parents = new ArrayList<>();
            for (var ref : route.getSpec().getParentRefs()) {
                parents.add(new RouteParentStatusBuilder()
                        .withParentRef(ref)
                        .withControllerName(FAKE_GATEWAY_CONTROLLER)
                        .withConditions(
                                new ConditionBuilder().withType("Accepted").withStatus("True").withReason("Accepted")
                                        .withMessage("accepted (fake gateway controller)").withObservedGeneration(generation)
                                        .withLastTransitionTime(now).build(),
                                new ConditionBuilder().withType("ResolvedRefs").withStatus("True").withReason("ResolvedRefs")
                                        .withMessage("resolved (fake gateway controller)").withObservedGeneration(generation)
                                        .withLastTransitionTime(now).build())
                        .build());
            }
            route.setStatus(new HTTPRouteStatusBuilder().withParents(parents).build());
            return route;
        });
    }

    /**
     * As the Deployment controller reports a rollout that made no progress within progressDeadlineSeconds: the new
     * pods never became available (Progressing=False, ProgressDeadlineExceeded).
     */
    public static Deployment markDeploymentStuck(KubernetesClient client, String namespace, String name) {
        return updateStatus(client, client.apps().deployments().inNamespace(namespace).withName(name), d -> {
            int replicas = d.getSpec().getReplicas() != null ? d.getSpec().getReplicas() : 1;
            String now = now();
            d.setStatus(new DeploymentStatusBuilder()
                    .withObservedGeneration(d.getMetadata().getGeneration())
                    .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(0).withAvailableReplicas(0)
                    .withUnavailableReplicas(replicas)
                    .withConditions(
                            new DeploymentConditionBuilder().withType("Available").withStatus("False").withReason("MinimumReplicasUnavailable")
                                    .withMessage("Deployment does not have minimum availability (fake kubelet).").withLastTransitionTime(now)
                                    .withLastUpdateTime(now).build(),
                            new DeploymentConditionBuilder().withType("Progressing").withStatus("False").withReason("ProgressDeadlineExceeded")
                                    .withMessage("ReplicaSet has timed out progressing (fake kubelet).").withLastTransitionTime(now)
                                    .withLastUpdateTime(now).build())
                    .build());
            return d;
        });
    }

    /**
     * As the kubelet reports a pod of the gateway's proxy: the pod is created with the proxy's labels when absent
     * (no ReplicaSet controller here), then its status subresource is written.
     */
    public static Pod reportProxyPod(KubernetesClient client, String namespace, String gateway, String pod, PodStatus status) {
        var pods = client.pods().inNamespace(namespace);
        if (pods.withName(pod).get() == null) {
            // The ServiceAccount admission plugin needs the namespace's default ServiceAccount, which no controller makes here.
            if (client.serviceAccounts().inNamespace(namespace).withName("default").get() == null) {
                client.serviceAccounts().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                        .withNewMetadata().withName("default").endMetadata().build()).create();
            }
            pods.resource(new PodBuilder().withNewMetadata().withName(pod).withLabels(new Names(gateway, namespace).labels(Names.PROXY))
                    .endMetadata().withNewSpec().addNewContainer().withName("litellm").withImage("ghcr.io/berriai/litellm:fake")
                    .endContainer().endSpec().build()).create();
        }
        return updateStatus(client, pods.withName(pod), p -> {
            p.setStatus(status);
            return p;
        });
    }

    /** As CloudNativePG reports a Backup's progress: {@code status.phase} (and {@code status.error} when given). */
    public static GenericKubernetesResource markBackupPhase(KubernetesClient client, String namespace, String name, String phase,
            String error) {
        return updateStatus(client, client.genericKubernetesResources("postgresql.cnpg.io/v1", "Backup").inNamespace(namespace).withName(name),
                backup -> {
                    Map<String, Object> status = new LinkedHashMap<>();
                    status.put("phase", phase);
                    if (error != null) {
                        status.put("error", error);
                    }
                    backup.getAdditionalProperties().put("status", status);
                    return backup;
                });
    }

    /**
     * As CloudNativePG reports a Cluster's backups (in-tree method), kept beside what is there (Ready stays): the last
     * successful backup, the first recoverability point, and the ContinuousArchiving condition.
     */
    @SuppressWarnings("unchecked")
    public static GenericKubernetesResource reportClusterBackups(KubernetesClient client, String namespace, String name, Instant lastSuccessful,
            boolean archiving, String archivingMessage) {
        return updateStatus(client, client.genericKubernetesResources("postgresql.cnpg.io/v1", "Cluster").inNamespace(namespace).withName(name),
                cluster -> {
                    Map<String, Object> status = new LinkedHashMap<>((Map<String, Object>) cluster.getAdditionalProperties().getOrDefault("status",
                            Map.of()));
                    if (lastSuccessful != null) {
                        status.put("lastSuccessfulBackup", lastSuccessful.toString());
                        status.put("firstRecoverabilityPoint", lastSuccessful.minus(java.time.Duration.ofDays(7)).toString());
                    }
                    List<Map<String, Object>> conditions = new java.util.ArrayList<>();
                    ((List<Map<String, Object>>) status.getOrDefault("conditions", List.of())).stream()
                            .filter(c -> !"ContinuousArchiving".equals(c.get("type"))).forEach(conditions::add);
                    Map<String, Object> condition = new LinkedHashMap<>();
                    condition.put("type", "ContinuousArchiving");
                    condition.put("status", archiving ? "True" : "False");
                    condition.put("reason", archiving ? "ContinuousArchivingSuccess" : "ContinuousArchivingFailing");
                    condition.put("message", archivingMessage);
                    condition.put("lastTransitionTime", now());
                    conditions.add(condition);
                    status.put("conditions", conditions);
                    cluster.getAdditionalProperties().put("status", status);
                    return cluster;
                });
    }

    /** As the Barman Cloud plugin reports a server's recovery window in its ObjectStore (the server is the Cluster's name). */
    public static GenericKubernetesResource reportObjectStoreWindow(KubernetesClient client, String namespace, String name, String server,
            Instant lastSuccessful) {
        return updateStatus(client, client.genericKubernetesResources("barmancloud.cnpg.io/v1", "ObjectStore").inNamespace(namespace)
                .withName(name), store -> {
                    store.getAdditionalProperties().put("status", Map.of("serverRecoveryWindow", Map.of(server, Map.of(
                            "lastSuccessfulBackupTime", lastSuccessful.toString(),
                            "firstRecoverabilityPoint", lastSuccessful.minus(java.time.Duration.ofDays(7)).toString()))));
                    return store;
                });
    }

    private static <R extends HasMetadata> R updateStatus(KubernetesClient client, Resource<R> resource, UnaryOperator<R> change) {
        for (int attempt = 1;; attempt++) {
            R current = resource.get();
            if (current == null) {
                throw new AssertionError("fake kubelet: " + resource + " does not exist");
            }
            try {
                return client.resource(change.apply(current)).updateStatus();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
