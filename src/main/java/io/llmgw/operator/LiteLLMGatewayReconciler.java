package io.llmgw.operator;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.LiteLLMGatewayStatus;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Names;
import io.llmgw.model.Problem;
import io.llmgw.model.SecretLookup;
import io.llmgw.operator.condition.BackendsReady;
import io.llmgw.operator.condition.BackupSchedulable;
import io.llmgw.operator.condition.ClusterReady;
import io.llmgw.operator.condition.CrdInstalled;
import io.llmgw.operator.condition.DatabaseExists;
import io.llmgw.operator.condition.DeploymentReady;
import io.llmgw.operator.condition.EnabledInSpec;
import io.llmgw.operator.condition.PreUpgradeBackupNeeded;
import io.llmgw.operator.dependent.CacheDeploymentDependent;
import io.llmgw.operator.dependent.CacheSecretDependent;
import io.llmgw.operator.dependent.CacheServiceDependent;
import io.llmgw.operator.dependent.CiliumNetworkPolicyDependent;
import io.llmgw.operator.dependent.ConfigMapDependent;
import io.llmgw.operator.dependent.DashboardConfigMapDependent;
import io.llmgw.operator.dependent.DatabaseClusterDependent;
import io.llmgw.operator.dependent.DatabasePodMonitorDependent;
import io.llmgw.operator.dependent.HorizontalPodAutoscalerDependent;
import io.llmgw.operator.dependent.HttpRouteDependent;
import io.llmgw.operator.dependent.IngressDependent;
import io.llmgw.operator.dependent.KeysSecretDependent;
import io.llmgw.operator.dependent.MetricsServiceDependent;
import io.llmgw.operator.dependent.MigrationJobDependent;
import io.llmgw.operator.dependent.NetworkPolicyDependent;
import io.llmgw.operator.dependent.ObjectStoreDependent;
import io.llmgw.operator.dependent.PodDisruptionBudgetDependent;
import io.llmgw.operator.dependent.PreUpgradeBackupDependent;
import io.llmgw.operator.dependent.PrometheusRuleDependent;
import io.llmgw.operator.dependent.ProxyDeploymentDependent;
import io.llmgw.operator.dependent.ProxyServiceDependent;
import io.llmgw.operator.dependent.ReferenceGrantDependent;
import io.llmgw.operator.dependent.ScheduledBackupDependent;
import io.llmgw.operator.dependent.ServiceAccountDependent;
import io.llmgw.operator.dependent.ServiceMonitorDependent;
import io.llmgw.operator.state.ApiAvailability;
import io.llmgw.operator.state.GatewayContext;
import io.llmgw.operator.state.Informers;
import io.llmgw.operator.state.LastGoodConfiguration;
import io.llmgw.operator.state.ObservedState;
import io.llmgw.operator.state.OptionalApi;
import io.llmgw.operator.state.PodHealth;
import io.llmgw.operator.state.Rollback;
import io.llmgw.operator.status.BackupHealth;
import io.llmgw.operator.status.EventRecorder;
import io.llmgw.operator.status.StatusFactory;

/**
 * Reconciles a LiteLLMGateway: validates it into a {@link GatewayModel} once, runs the dependent workflow only
 * for a valid spec (an invalid one leaves the running objects untouched and reports Stalled), then writes a
 * kstatus status when, and only when, it changed.
 */
@ControllerConfiguration(name = LiteLLMGatewayReconciler.NAME)
@Workflow(explicitInvocation = true, handleExceptionsInReconciler = true, dependents = {
        @Dependent(name = Dependents.KEYS, type = KeysSecretDependent.class, reconcilePrecondition = EnabledInSpec.class,
                useEventSourceWithName = Informers.SECRETS),
        @Dependent(name = Dependents.SERVICE_ACCOUNT, type = ServiceAccountDependent.class),
        @Dependent(name = Dependents.CONFIG, type = ConfigMapDependent.class, readyPostcondition = BackendsReady.class,
                useEventSourceWithName = Informers.CONFIG_MAPS),
        @Dependent(name = Dependents.MIGRATION, type = MigrationJobDependent.class, reconcilePrecondition = DatabaseExists.class,
                dependsOn = Dependents.SERVICE_ACCOUNT),
        @Dependent(name = Dependents.PROXY, type = ProxyDeploymentDependent.class, readyPostcondition = DeploymentReady.class,
                dependsOn = { Dependents.CONFIG, Dependents.SERVICE_ACCOUNT }, useEventSourceWithName = Informers.DEPLOYMENTS),
        @Dependent(name = Dependents.SERVICE, type = ProxyServiceDependent.class, useEventSourceWithName = Informers.SERVICES),
        @Dependent(name = Dependents.CACHE_SECRET, type = CacheSecretDependent.class, reconcilePrecondition = EnabledInSpec.class,
                useEventSourceWithName = Informers.SECRETS),
        @Dependent(name = Dependents.CACHE, type = CacheDeploymentDependent.class, reconcilePrecondition = EnabledInSpec.class,
                readyPostcondition = DeploymentReady.class, dependsOn = Dependents.CACHE_SECRET,
                useEventSourceWithName = Informers.DEPLOYMENTS),
        @Dependent(name = Dependents.CACHE_SERVICE, type = CacheServiceDependent.class, reconcilePrecondition = EnabledInSpec.class,
                useEventSourceWithName = Informers.SERVICES),
        @Dependent(name = Dependents.DATABASE, type = DatabaseClusterDependent.class, reconcilePrecondition = EnabledInSpec.class,
                activationCondition = CrdInstalled.CnpgCluster.class, readyPostcondition = ClusterReady.class),
        @Dependent(name = Dependents.BACKUP, type = ScheduledBackupDependent.class, reconcilePrecondition = BackupSchedulable.class,
                activationCondition = CrdInstalled.CnpgScheduledBackup.class),
        @Dependent(name = Dependents.OBJECT_STORE, type = ObjectStoreDependent.class, reconcilePrecondition = EnabledInSpec.class,
                activationCondition = CrdInstalled.ObjectStore.class),
        @Dependent(name = Dependents.PRE_UPGRADE_BACKUP, type = PreUpgradeBackupDependent.class,
                reconcilePrecondition = PreUpgradeBackupNeeded.class, activationCondition = CrdInstalled.CnpgBackup.class),
        @Dependent(name = Dependents.DATABASE_MONITOR, type = DatabasePodMonitorDependent.class,
                reconcilePrecondition = EnabledInSpec.class, activationCondition = CrdInstalled.PodMonitor.class),
        @Dependent(name = Dependents.NETWORK_POLICY, type = NetworkPolicyDependent.class, reconcilePrecondition = EnabledInSpec.class),
        @Dependent(name = Dependents.CILIUM_POLICY, type = CiliumNetworkPolicyDependent.class, reconcilePrecondition = EnabledInSpec.class,
                activationCondition = CrdInstalled.CiliumPolicy.class),
        @Dependent(name = Dependents.ROUTE, type = HttpRouteDependent.class, reconcilePrecondition = EnabledInSpec.class,
                activationCondition = CrdInstalled.HttpRoute.class, dependsOn = Dependents.SERVICE),
        @Dependent(name = Dependents.REFERENCE_GRANT, type = ReferenceGrantDependent.class, reconcilePrecondition = EnabledInSpec.class,
                activationCondition = CrdInstalled.ReferenceGrant.class),
        @Dependent(name = Dependents.INGRESS, type = IngressDependent.class, reconcilePrecondition = EnabledInSpec.class,
                dependsOn = Dependents.SERVICE),
        @Dependent(name = Dependents.METRICS_SERVICE, type = MetricsServiceDependent.class, reconcilePrecondition = EnabledInSpec.class,
                useEventSourceWithName = Informers.SERVICES),
        @Dependent(name = Dependents.SERVICE_MONITOR, type = ServiceMonitorDependent.class, reconcilePrecondition = EnabledInSpec.class,
                activationCondition = CrdInstalled.ServiceMonitor.class),
        @Dependent(name = Dependents.DASHBOARD, type = DashboardConfigMapDependent.class, reconcilePrecondition = EnabledInSpec.class,
                useEventSourceWithName = Informers.CONFIG_MAPS),
        @Dependent(name = Dependents.PROMETHEUS_RULE, type = PrometheusRuleDependent.class, reconcilePrecondition = EnabledInSpec.class,
                activationCondition = CrdInstalled.PrometheusRule.class),
        @Dependent(name = Dependents.PDB, type = PodDisruptionBudgetDependent.class, reconcilePrecondition = EnabledInSpec.class),
        @Dependent(name = Dependents.HPA, type = HorizontalPodAutoscalerDependent.class, reconcilePrecondition = EnabledInSpec.class),
})
public class LiteLLMGatewayReconciler implements Reconciler<LiteLLMGateway>, Cleaner<LiteLLMGateway> {
    public static final String NAME = "litellmgateway";
    private static final Duration RECHECK_MISSING_APIS = Duration.ofSeconds(15);
    private static final Duration RETRY_ERRORS = Duration.ofSeconds(10);
    private static final Duration RECHECK_LOST_KEYS = Duration.ofSeconds(15);
    private static final Logger LOG = Logger.getLogger(LiteLLMGatewayReconciler.class);

    private final Clock clock;
    private final StatusFactory statusFactory;
    private final EventRecorder events;
    private final BackupHealth backupHealth;
    private final ApiAvailability apis;

    public LiteLLMGatewayReconciler() {
        this(Clock.systemUTC());
    }

    LiteLLMGatewayReconciler(Clock clock) {
        this.clock = clock;
        this.statusFactory = new StatusFactory(clock);
        this.events = new EventRecorder(clock);
        this.backupHealth = new BackupHealth(clock);
        this.apis = new ApiAvailability(clock);
    }

    @Override
    public List<EventSource<?, LiteLLMGateway>> prepareEventSources(EventSourceContext<LiteLLMGateway> context) {
        return GatewayEventSources.prepare(context);
    }

    @Override
    public UpdateControl<LiteLLMGateway> reconcile(LiteLLMGateway gateway, Context<LiteLLMGateway> context) {
        GatewayModel.Result result;
        SecretLookup secrets = GatewayContext.secrets(gateway, context);
        try {
            result = GatewayModel.build(gateway, secrets, RouteSettings.policy());
        } catch (RuntimeException e) {
            // A spec the model cannot even be built from (a bug, or input no check foresaw): the same verdict as a
            // refused spec, never an exception that JOSDK retries forever without a status.
            LOG.warnf(e, "gateway %s/%s: building the model failed", gateway.getMetadata().getNamespace(), gateway.getMetadata().getName());
            return patchIfChanged(gateway, statusFactory.invalid(gateway, List.of(new Problem(ConditionReason.INVALID_SPEC,
                    "the spec cannot be processed: " + ErrorText.forStatus(e)))), context, null);
        }
        if (!result.valid()) {
            LOG.infof("gateway %s/%s refused: %s", gateway.getMetadata().getNamespace(), gateway.getMetadata().getName(),
                    result.problems());
            return patchIfChanged(gateway, statusFactory.invalid(gateway, result.problems()), context, null);
        }
        GatewayModel model = result.model();
        Optional<Problem> keysLost = GeneratedKeys.lost(gateway, model, context);
        if (keysLost.isPresent()) {
            LOG.warnf("gateway %s/%s: %s", gateway.getMetadata().getNamespace(), gateway.getMetadata().getName(), keysLost.get().message());
            // The way out is an annotation, which does not bump the generation nor trigger a reconcile: look again.
            return patchIfChanged(gateway, statusFactory.stalled(gateway, keysLost.get()), context, RECHECK_LOST_KEYS);
        }
        if (GeneratedSecretsFirst.create(model, context)) {
            GatewayModel.Result withSecrets = GatewayModel.build(gateway, secrets, RouteSettings.policy());
            model = withSecrets.valid() ? withSecrets.model() : model;
        }
        ObservedState observed = observe(model, context);
        Optional<LastGoodConfiguration.Snapshot> lastGood = LastGoodConfiguration.read(model, context);
        Optional<Rollback> rollback = Rollback.decide(gateway, model, lastGood, observed, clock.instant());
        GatewayModel serving = rollback.flatMap(r -> lastGoodModel(gateway, r, secrets)).orElse(model);
        if (serving != model) {
            // Remembered before anything is applied: once the old template is back, the failure is no longer visible.
            remember(serving, rollback.get().target(), lastGood, context);
            observed = observe(serving, context);
        } else {
            rollback = Optional.empty();
        }
        GatewayContext.put(context, serving);
        apis.putInto(context);
        context.managedWorkflowAndDependentResourceContext().put(ObservedState.CONTEXT_KEY, observed);

        List<String> errors;
        try {
            var workflow = context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
            errors = workflow.getErroredDependents().entrySet().stream()
                    .map(e -> e.getKey().name() + ": " + ErrorText.forStatus(e.getValue())).sorted().toList();
            workflow.getErroredDependents().forEach((dependent, error) -> LOG.warnf(error, "applying %s for %s/%s failed",
                    dependent.name(), gateway.getMetadata().getNamespace(), gateway.getMetadata().getName()));
            if (!errors.isEmpty()) {
                // An optional CRD removed while the operator runs shows up as a failed apply: ask again which exist.
                apis.forget();
            }
        } catch (KubernetesClientException e) {
            // Typically an optional CRD removed while the operator runs: its informer cannot start. Ask the API
            // server again which CRDs exist, report, and retry instead of failing the reconcile for good.
            apis.forget();
            LOG.warnf(e, "workflow for %s/%s failed", gateway.getMetadata().getNamespace(), gateway.getMetadata().getName());
            errors = List.of("workflow: " + ErrorText.forStatus(e));
        } catch (RuntimeException e) {
            // Anything else a dependent threw: reported on this gateway and retried, never outside its reconcile.
            LOG.warnf(e, "workflow for %s/%s failed", gateway.getMetadata().getNamespace(), gateway.getMetadata().getName());
            errors = List.of("workflow: " + ErrorText.forStatus(e));
        }

        Set<OptionalApi> missingCrds = OptionalApi.missingFor(serving, context.getClient(), apis);
        // Status describes the objects as the workflow left them: what was read before it ran predates its own
        // writes (JOSDK does not redeliver the events of those writes), so a Deployment the workflow just rolled
        // would still look available and the new generation would be reported Ready before it rolled out.
        ObservedState applied = observe(serving, context);
        LiteLLMGatewayStatus status = rollback.isPresent()
                ? statusFactory.rolledBack(gateway, serving, applied, missingCrds, errors, rollback.get())
                : statusFactory.valid(gateway, model, applied, missingCrds, errors);
        if (rollback.isEmpty() && StatusFactory.isReady(status) && !LastGoodConfiguration.records(lastGood, gateway, model)) {
            remember(model, LastGoodConfiguration.of(gateway, model), lastGood, context);
        }
        // A pod that started but never turns ready changes nothing the informers see: look again when its budget ends.
        Optional<Duration> readinessBudget = PodHealth.assess(applied.proxyPods(), clock.instant()).recheckIn();
        // A backup growing old changes no object: look again when it would pass the schedule's allowance.
        Optional<Duration> backupAge = serving.backupEnabled() ? backupHealth.assess(serving, applied).recheckIn() : Optional.empty();
        Optional<Duration> timed = readinessBudget.isPresent() && backupAge.isPresent()
                ? Optional.of(readinessBudget.get().compareTo(backupAge.get()) < 0 ? readinessBudget.get() : backupAge.get())
                : readinessBudget.or(() -> backupAge);
        Duration requeue = !errors.isEmpty() ? RETRY_ERRORS : !missingCrds.isEmpty() ? RECHECK_MISSING_APIS : timed.orElse(null);
        return patchIfChanged(gateway, status, context, requeue);
    }

    /** What the informers hold for the model's objects, with the migration Job's name derived here (status reads it from there). */
    private static ObservedState observe(GatewayModel model, Context<LiteLLMGateway> context) {
        return ObservedState.read(model, model.hasDatabase() ? MigrationJobDependent.jobName(model) : null, context);
    }

    /** The model of the last good spec with today's Secrets; none (no rollback) when that spec no longer builds. */
    private static Optional<GatewayModel> lastGoodModel(LiteLLMGateway gateway, Rollback rollback, SecretLookup secrets) {
        LiteLLMGateway previous = new LiteLLMGateway();
        previous.setMetadata(gateway.getMetadata());
        previous.setSpec(rollback.target().spec());
        previous.setStatus(gateway.getStatus());
        GatewayModel.Result result = GatewayModel.build(previous, secrets, RouteSettings.policy());
        if (!result.valid()) {
            LOG.warnf("gateway %s/%s: no rollback, the configuration of generation %d no longer builds: %s", gateway.getMetadata().getNamespace(),
                    gateway.getMetadata().getName(), rollback.target().generation(), result.problems());
            return Optional.empty();
        }
        LOG.infof("gateway %s/%s: %s", gateway.getMetadata().getNamespace(), gateway.getMetadata().getName(), rollback.message());
        return Optional.of(result.model());
    }

    /** Stores the snapshot and hands the written ConfigMap to the informer, so the next reconcile reads it back. */
    private static void remember(GatewayModel model, LastGoodConfiguration.Snapshot snapshot,
            Optional<LastGoodConfiguration.Snapshot> stored, Context<LiteLLMGateway> context) {
        LastGoodConfiguration.store(model, snapshot, stored, context).ifPresent(written -> GatewayEventSources.configMaps(context)
                .handleRecentResourceUpdate(ResourceID.fromResource(written), written, written));
    }

    /**
     * What slipped through the reconcile's own handling (status computation, an API outage while reading): the
     * gateway still gets Ready=False with the error and its observedGeneration, and JOSDK retries. JOSDK writes this
     * status with the same server-side apply of the status subresource, under the same field manager, as
     * {@link #patchIfChanged}.
     */
    @Override
    public ErrorStatusUpdateControl<LiteLLMGateway> updateErrorStatus(LiteLLMGateway gateway, Context<LiteLLMGateway> context,
            Exception e) {
        try {
            LiteLLMGatewayStatus status = statusFactory.failed(gateway, ErrorText.forStatus(e));
            if (status.equals(gateway.getStatus())) {
                return ErrorStatusUpdateControl.noStatusUpdate();
            }
            return ErrorStatusUpdateControl.patchStatus(statusOnly(gateway, status));
        } catch (RuntimeException again) {
            LOG.warnf(again, "gateway %s/%s: error status not written", gateway.getMetadata().getNamespace(), gateway.getMetadata().getName());
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
    }

    /**
     * Deletes what the gateway owns without an owner reference (the HTTPRoute, possibly in another namespace), for
     * any spec: a valid one through the workflow; one that no longer validates by deleting every HTTPRoute JOSDK
     * maps to this gateway. Never throws: a cleanup that fails keeps the finalizer and is retried.
     */
    @Override
    public DeleteControl cleanup(LiteLLMGateway gateway, Context<LiteLLMGateway> context) {
        GatewayMetrics.forget(gateway);
        GatewayModel.Result result;
        try {
            result = GatewayModel.build(gateway, SecretLookup.offline());
        } catch (RuntimeException e) {
            result = new GatewayModel.Result(null, List.of(new Problem(ConditionReason.INVALID_SPEC, "the spec cannot be processed: " + ErrorText.forStatus(e))), Set.of());
        }
        if (result.valid()) {
            GatewayContext.put(context, result.model());
            apis.putInto(context);
            context.managedWorkflowAndDependentResourceContext().put(ObservedState.CONTEXT_KEY, observe(result.model(), context));
            context.managedWorkflowAndDependentResourceContext().cleanupManageWorkflow();
        } else {
            deleteRoutesOf(gateway, context.getClient());
        }
        return DeleteControl.defaultDelete();
    }

    /** Every HTTPRoute JOSDK's annotations map to this gateway, in any namespace (the route section may be gone). */
    private void deleteRoutesOf(LiteLLMGateway gateway, KubernetesClient client) {
        if (!apis.isServed(client, OptionalApi.HTTP_ROUTE)) {
            return;
        }
        String name = gateway.getMetadata().getName();
        String namespace = gateway.getMetadata().getNamespace();
        client.resources(HTTPRoute.class).inAnyNamespace().withLabel(Names.GATEWAY_LABEL, name).list().getItems().stream()
                .filter(route -> route.getMetadata().getAnnotations() != null
                        && name.equals(route.getMetadata().getAnnotations().get(Mappers.DEFAULT_ANNOTATION_FOR_NAME))
                        && namespace.equals(route.getMetadata().getAnnotations().get(Mappers.DEFAULT_ANNOTATION_FOR_NAMESPACE)))
                .forEach(route -> client.resource(route).delete());
    }

    private UpdateControl<LiteLLMGateway> patchIfChanged(LiteLLMGateway gateway, LiteLLMGatewayStatus status,
            Context<LiteLLMGateway> context, Duration requeue) {
        LiteLLMGatewayStatus before = gateway.getStatus();
        GatewayMetrics.record(gateway, status.conditions);
        UpdateControl<LiteLLMGateway> control = UpdateControl.noUpdate();
        if (!status.equals(before)) {
            events.transitions(context.getClient(), gateway, before, status);
            LiteLLMGateway written = context.resourceOperations().serverSideApplyPrimaryStatus(statusOnly(gateway, status));
            if (specMovedOn(gateway, written)) {
                return control.reschedule();
            }
        }
        return requeue != null ? control.rescheduleAfter(requeue) : control;
    }

    /**
     * Whether the status patch answered with a newer generation than the one reconciled: a spec edit that reached the
     * API server just before the patch. JOSDK 5.3 files the edit's watch event as older than its own write and drops
     * it (operator-framework/java-operator-sdk#3398), so without a reconcile asked for here that generation would
     * wait for the next unrelated event (IsolationIT saw 60 s with none).
     */
    static boolean specMovedOn(LiteLLMGateway reconciled, LiteLLMGateway written) {
        Long before = reconciled.getMetadata().getGeneration();
        Long after = written == null ? null : written.getMetadata().getGeneration();
        return before != null && after != null && after > before;
    }

    private static LiteLLMGateway statusOnly(LiteLLMGateway gateway, LiteLLMGatewayStatus status) {
        LiteLLMGateway fresh = new LiteLLMGateway();
        fresh.setMetadata(new ObjectMetaBuilder().withName(gateway.getMetadata().getName())
                .withNamespace(gateway.getMetadata().getNamespace()).build());
        fresh.setStatus(status);
        return fresh;
    }
}
