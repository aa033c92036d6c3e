package io.llmgw.operator.status;

import static io.llmgw.api.v1alpha1.ConditionTypes.BACKUP_HEALTHY;
import static io.llmgw.api.v1alpha1.ConditionTypes.CACHE_READY;
import static io.llmgw.api.v1alpha1.ConditionTypes.CONFIG_VALID;
import static io.llmgw.api.v1alpha1.ConditionTypes.DATABASE_READY;
import static io.llmgw.api.v1alpha1.ConditionTypes.DEPLOYMENT_AVAILABLE;
import static io.llmgw.api.v1alpha1.ConditionTypes.MIGRATIONS_COMPLETE;
import static io.llmgw.api.v1alpha1.ConditionTypes.MONITORING_CONFIGURED;
import static io.llmgw.api.v1alpha1.ConditionTypes.NETWORK_POLICY_APPLIED;
import static io.llmgw.api.v1alpha1.ConditionTypes.PODS_HEALTHY;
import static io.llmgw.api.v1alpha1.ConditionTypes.READY;
import static io.llmgw.api.v1alpha1.ConditionTypes.RECONCILING;
import static io.llmgw.api.v1alpha1.ConditionTypes.ROUTE_ACCEPTED;
import static io.llmgw.api.v1alpha1.ConditionTypes.STALLED;
import static io.llmgw.api.v1alpha1.ConditionTypes.ROLLED_BACK;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Condition;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.LiteLLMGatewayStatus;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Problem;
import io.llmgw.operator.state.ObservedState;
import io.llmgw.operator.state.Rollback;
import io.llmgw.operator.state.OptionalApi;
import io.llmgw.operator.state.PreUpgradeBackup;
import io.llmgw.operator.state.PodHealth;
import io.llmgw.api.v1alpha1.ConditionTypes;

/**
 * Computes a fresh status following kstatus: observedGeneration always; Ready only when everything serves;
 * Reconciling while converging; Stalled when the spec cannot work without the user (Flux then fails fast).
 * Component conditions say which part is waiting and why. Messages never contain secret values.
 */
public final class StatusFactory {
    private final Clock clock;
    private final BackupHealth backupHealth;

    public StatusFactory(Clock clock) {
        this.clock = clock;
        this.backupHealth = new BackupHealth(clock);
    }

    /** Status of a gateway whose spec was refused: the last good objects keep running untouched. */
    public LiteLLMGatewayStatus invalid(LiteLLMGateway gateway, List<Problem> problems) {
        String message = problems.stream().map(Problem::message).collect(Collectors.joining("; "));
        return halted(gateway, problems.get(0).reason(), message, true, "spec refused, the previous configuration keeps running: ");
    }

    /**
     * Status of a valid gateway the operator will not apply until the user acts (e.g. its generated keys Secret
     * vanished): the objects keep running untouched.
     */
    public LiteLLMGatewayStatus stalled(LiteLLMGateway gateway, Problem problem) {
        return halted(gateway, problem.reason(), problem.message(), false, "");
    }

    /**
     * Status after an unexpected error the reconcile could not turn into a condition itself (JOSDK's error status
     * hook): not Ready, still Reconciling (JOSDK retries), and observedGeneration says which spec failed.
     */
    public LiteLLMGatewayStatus failed(LiteLLMGateway gateway, String reason, String message) {
        LiteLLMGatewayStatus previous = gateway.getStatus() != null ? gateway.getStatus() : new LiteLLMGatewayStatus();
        long generation = generation(gateway);
        Conditions c = keepComponents(previous, generation);
        c.set(READY, false, reason, message);
        c.set(RECONCILING, true, reason, "retrying: " + message);
        c.set(STALLED, false, reason, message);
        LiteLLMGatewayStatus status = copyOf(previous);
        status.observedGeneration = generation;
        status.conditions = sorted(c.build());
        return status;
    }

    private LiteLLMGatewayStatus halted(LiteLLMGateway gateway, String reason, String message, boolean specRefused, String readyPrefix) {
        LiteLLMGatewayStatus previous = gateway.getStatus() != null ? gateway.getStatus() : new LiteLLMGatewayStatus();
        long generation = generation(gateway);
        Conditions c = keepComponents(previous, generation);
        if (specRefused) {
            c.set(CONFIG_VALID, false, reason, message);
        }
        c.set(READY, false, reason, readyPrefix + message);
        c.set(RECONCILING, false, reason, specRefused ? "waiting for a corrected spec" : "waiting for the user: " + message);
        c.set(STALLED, true, reason, message);
        LiteLLMGatewayStatus status = copyOf(previous);
        status.observedGeneration = generation;
        status.conditions = sorted(c.build());
        return status;
    }

    /** Keeps what is known about the running components; only the verdict changes. */
    private Conditions keepComponents(LiteLLMGatewayStatus previous, long generation) {
        Conditions c = new Conditions(previous.conditions, generation, clock);
        for (Condition old : previous.conditions) {
            if (!Set.of(READY, RECONCILING, STALLED).contains(old.getType())) {
                c.set(old.getType(), Conditions.TRUE.equals(old.getStatus()), old.getReason(), old.getMessage());
            }
        }
        return c;
    }

    public LiteLLMGatewayStatus valid(LiteLLMGateway gateway, GatewayModel model, ObservedState observed, Set<OptionalApi> missingCrds,
            List<String> errors) {
        LiteLLMGatewayStatus previous = gateway.getStatus() != null ? gateway.getStatus() : new LiteLLMGatewayStatus();
        Conditions c = new Conditions(previous.conditions, generation(gateway), clock);
        List<String> stalled = new ArrayList<>();
        List<String> waiting = new ArrayList<>();

        String deployments = model.deploymentCount() > model.modelCount() ? " (" + model.deploymentCount() + " deployments)" : "";
        String configMessage = "rendered " + model.modelCount() + " models" + deployments + ", config hash " + model.configHash();
        if (!model.warnings().isEmpty()) {
            configMessage += "; warnings: " + String.join("; ", model.warnings());
        }
        c.set(CONFIG_VALID, true, "Rendered", configMessage);

        boolean database = database(c, model, observed, missingCrds, stalled, waiting);
        boolean cache = cache(c, model, observed, waiting);
        boolean migrations = migrations(c, model, observed, stalled, waiting);
        boolean deployment = deployment(c, model, observed, stalled, waiting);
        boolean route = route(c, model, observed, missingCrds, stalled, waiting);
        boolean monitoring = optionalApis(c, MONITORING_CONFIGURED, model, missingCrds, stalled);
        boolean network = optionalApis(c, NETWORK_POLICY_APPLIED, model, missingCrds, stalled);
        if (!errors.isEmpty()) {
            waiting.add("apply errors (retrying): " + String.join("; ", errors));
        }
        // Reported, never part of Ready: a gateway whose backups stopped still serves (kstatus Ready is about serving).
        BackupHealth.Verdict backup = model.backupEnabled() ? backupHealth.assess(model, observed) : null;
        if (backup != null) {
            c.set(BACKUP_HEALTHY, backup.healthy(), backup.reason(), backup.message());
        }

        boolean ready = database && cache && migrations && deployment && route && monitoring && network && errors.isEmpty();
        if (ready) {
            c.set(READY, true, "Ready", "gateway serving at " + model.names().proxyUrl());
            c.set(RECONCILING, false, "Ready", "converged");
            c.set(STALLED, false, "Ready", "converged");
        } else if (!stalled.isEmpty()) {
            String message = String.join("; ", stalled);
            c.set(READY, false, reasonOf(stalled.get(0)), message);
            c.set(RECONCILING, false, reasonOf(stalled.get(0)), "waiting for the user: " + message);
            c.set(STALLED, true, reasonOf(stalled.get(0)), message);
        } else {
            String message = String.join("; ", waiting);
            c.set(READY, false, "Progressing", message);
            c.set(RECONCILING, true, "Progressing", message);
            c.set(STALLED, false, "Progressing", message);
        }

        LiteLLMGatewayStatus status = new LiteLLMGatewayStatus();
        status.observedGeneration = generation(gateway);
        status.conditions = sorted(c.build());
        status.url = model.names().proxyUrl();
        status.externalUrl = model.externalUrl();
        status.models = model.modelCount();
        status.database = databaseSummary(model, observed, missingCrds);
        status.cache = model.cacheType().toLowerCase(java.util.Locale.ROOT);
        status.configHash = model.configHash();
        status.image = model.image();
        // Remembered once the generated keys existed: from then on a missing keys Secret is lost data, not a new gateway.
        status.generatedKeysSecret = model.generatesKeys() && (model.generatedKeysPresent() || previous.generatedKeysSecret != null)
                ? model.names().keysSecret() : null;
        status.backup = backup != null ? backup.summary() : null;
        observed.proxy().map(d -> d.getStatus()).ifPresent(s -> {
            status.replicas = s.getReplicas();
            status.readyReplicas = s.getReadyReplicas();
        });
        return status;
    }

    public static boolean isReady(LiteLLMGatewayStatus status) {
        return Conditions.isTrue(status.conditions, READY);
    }

    /**
     * Status of a gateway serving its last good configuration ({@code serving}) because the spec's generation failed
     * to roll out: the components as they run, but not Ready and Stalled (Flux reports the failed generation), with
     * RolledBack saying why and what runs.
     */
    public LiteLLMGatewayStatus rolledBack(LiteLLMGateway gateway, GatewayModel serving, ObservedState observed, Set<OptionalApi> missingCrds,
            List<String> errors, Rollback rollback) {
        LiteLLMGatewayStatus status = valid(gateway, serving, observed, missingCrds, errors);
        Conditions c = new Conditions(gateway.getStatus() != null ? gateway.getStatus().conditions : List.of(), generation(gateway), clock);
        for (Condition kept : status.conditions) {
            if (!Set.of(READY, RECONCILING, STALLED).contains(kept.getType())) {
                c.set(kept.getType(), Conditions.TRUE.equals(kept.getStatus()), kept.getReason(), kept.getMessage());
            }
        }
        String message = rollback.message();
        c.set(ROLLED_BACK, true, rollback.rejection().reason(), message);
        c.set(READY, false, ROLLED_BACK, message);
        c.set(RECONCILING, false, ROLLED_BACK, "waiting for a new spec: " + message);
        c.set(STALLED, true, ROLLED_BACK, message);
        status.conditions = sorted(c.build());
        return status;
    }

    private static boolean database(Conditions c, GatewayModel model, ObservedState observed, Set<OptionalApi> missingCrds,
            List<String> stalled, List<String> waiting) {
        if (!model.hasDatabase()) {
            c.set(DATABASE_READY, true, "NotRequired", "no database configured");
            return true;
        }
        if (!model.managedDatabase()) {
            c.set(DATABASE_READY, true, "External", "external database from a Secret (not probed by the operator)");
            return true;
        }
        if (!crdsInstalled(c, DATABASE_READY, model, missingCrds, stalled)) {
            return false;
        }
        if (observed.clusterReady()) {
            c.set(DATABASE_READY, true, "ClusterReady", "CloudNativePG cluster " + model.names().database() + " ready ("
                    + observed.clusterInstances() + " instances)");
            return true;
        }
        Optional<String> bootstrap = bootstrapStep(model);
        if (bootstrap.isPresent() && observed.clusterBootstrapping()) {
            String message = "CloudNativePG cluster " + model.names().database() + " is bootstrapping: " + bootstrap.get()
                    + "; the migration Job waits until it is ready";
            c.set(DATABASE_READY, false, "Bootstrapping", message);
            waiting.add(message);
            return false;
        }
        String message = "CloudNativePG cluster " + model.names().database() + " not ready yet";
        c.set(DATABASE_READY, false, "ClusterNotReady", message);
        waiting.add(message);
        return false;
    }

    /** What the Cluster's bootstrap does, in words (no Secret value: host, database, user and folders only). */
    private static Optional<String> bootstrapStep(GatewayModel model) {
        var db = model.spec().database;
        var bootstrap = db != null && db.cloudNativePG != null ? db.cloudNativePG.bootstrap : null;
        if (bootstrap == null) {
            return Optional.empty();
        }
        if (bootstrap.importFrom != null) {
            var source = bootstrap.importFrom;
            return Optional.of("import of database " + source.database + " from " + source.host + ":" + (source.port != null ? source.port : 5432)
                    + " as user " + source.user);
        }
        var recovery = bootstrap.recovery;
        if (recovery == null) {
            return Optional.empty();
        }
        String path = io.llmgw.api.v1alpha1.DatabaseSpec.Recovery.SELF.equals(recovery.source) && model.spec().backup != null
                ? model.spec().backup.destinationPath : recovery.destinationPath;
        String server = model.recoveryServerName(recovery);
        return Optional.of("recovery from the backups of " + server + " in " + path
                + (recovery.targetTime != null ? " to " + recovery.targetTime : " to the end of the WAL archive"));
    }

    private static boolean cache(Conditions c, GatewayModel model, ObservedState observed, List<String> waiting) {
        if (!model.hasCache()) {
            c.set(CACHE_READY, true, "NotRequired", "no cache configured");
            return true;
        }
        if (!model.managedCache()) {
            c.set(CACHE_READY, true, "External", "external Redis (not probed by the operator)");
            return true;
        }
        if (observed.cacheReady()) {
            c.set(CACHE_READY, true, "Ready", "Dragonfly " + model.names().cache() + " available");
            return true;
        }
        String message = "Dragonfly " + model.names().cache() + " not available yet";
        c.set(CACHE_READY, false, "Progressing", message);
        waiting.add(message);
        return false;
    }

    private static boolean migrations(Conditions c, GatewayModel model, ObservedState observed, List<String> stalled,
            List<String> waiting) {
        if (!model.hasDatabase()) {
            c.set(MIGRATIONS_COMPLETE, true, "NotRequired", "no database configured");
            return true;
        }
        String job = observed.migrationJob();
        PreUpgradeBackup beforeUpgrade = PreUpgradeBackup.decide(model, observed);
        if (beforeUpgrade.step() == PreUpgradeBackup.Step.FAILED) {
            c.set(MIGRATIONS_COMPLETE, false, "PreUpgradeBackupFailed", beforeUpgrade.message());
            stalled.add(beforeUpgrade.message());
            return false;
        }
        if (beforeUpgrade.step() == PreUpgradeBackup.Step.WAITING) {
            c.set(MIGRATIONS_COMPLETE, false, "BackingUpBeforeUpgrade", beforeUpgrade.message());
            waiting.add(beforeUpgrade.message());
            return false;
        }
        if (observed.migrationComplete()) {
            c.set(MIGRATIONS_COMPLETE, true, "Completed", "migration Job " + job + " completed");
            return true;
        }
        if (observed.migrationFailed()) {
            String message = "MigrationFailed: migration Job " + job + " failed; read its pod logs (kubectl logs job/" + job + ")";
            c.set(MIGRATIONS_COMPLETE, false, "MigrationFailed", message);
            stalled.add(message);
            return false;
        }
        if (model.managedDatabase() && observed.migration().isEmpty() && !observed.clusterReady()) {
            String message = "migration Job " + job + " waits for CloudNativePG cluster " + model.names().database() + " to be ready";
            c.set(MIGRATIONS_COMPLETE, false, "WaitingForDatabase", message);
            waiting.add(message);
            return false;
        }
        String message = "migration Job " + job + " running";
        c.set(MIGRATIONS_COMPLETE, false, "Running", message);
        waiting.add(message);
        return false;
    }

    private boolean deployment(Conditions c, GatewayModel model, ObservedState observed, List<String> stalled, List<String> waiting) {
        PodHealth.Assessment pods = PodHealth.assess(observed.proxyPods(), clock.instant());
        Optional<Problem> fault = podFault(c, observed, pods);
        if (observed.proxyAvailable()) {
            var status = observed.proxy().get().getStatus();
            c.set(DEPLOYMENT_AVAILABLE, true, "Available", status.getAvailableReplicas() + " replicas available");
            return true;
        }
        String deployment = "Deployment " + model.names().deployment();
        if (fault.isPresent()) {
            String reason = fault.get().reason();
            int serving = observed.proxy().map(d -> d.getStatus()).map(s -> s.getAvailableReplicas()).orElse(0);
            String message = reason + ": " + deployment + " does not roll out: " + fault.get().message()
                    + (serving > 0 ? "; " + serving + " pods of the previous configuration keep serving" : "");
            c.set(DEPLOYMENT_AVAILABLE, false, reason, message);
            // The Deployment's own progress deadline turns a fault that may still clear (a slow image pull, a
            // crash while the database starts) into one that needs the user: Flux then fails instead of waiting.
            (observed.proxyProgressDeadlineExceeded() ? stalled : waiting).add(message);
            return false;
        }
        String message = observed.backendsReady(model)
                ? deployment + " rolling out"
                : deployment + " waits for " + String.join(", ", pendingBackends(model, observed));
        c.set(DEPLOYMENT_AVAILABLE, false, observed.backendsReady(model) ? "Progressing" : "WaitingForBackends", message);
        waiting.add(message);
        return false;
    }

    /**
     * Sets PodsHealthy from the proxy pods (and the Deployment's failure to create them, e.g. a quota); the fault's
     * message when there is one.
     */
    private static Optional<Problem> podFault(Conditions c, ObservedState observed, PodHealth.Assessment pods) {
        Optional<io.fabric8.kubernetes.api.model.apps.DeploymentCondition> replicaFailure = observed.proxy()
                .flatMap(d -> deploymentCondition(d, "ReplicaFailure")).filter(f -> Conditions.TRUE.equals(f.getStatus()));
        if (replicaFailure.isPresent()) {
            String message = "pods cannot be created: " + replicaFailure.get().getMessage();
            c.set(PODS_HEALTHY, false, "FailedCreate", message);
            return Optional.of(new Problem("FailedCreate", message));
        }
        if (pods.verdict().isPresent()) {
            PodHealth.Verdict verdict = pods.verdict().get();
            c.set(PODS_HEALTHY, false, verdict.fault().name(), verdict.message());
            return Optional.of(new Problem(verdict.fault().name(), verdict.message()));
        }
        String message = pods.ready() + " of " + pods.total() + " pods ready"
                + (pods.restarts() > 0 ? ", " + pods.restarts() + " restarts" + pods.lastTermination().map(t -> ", the last " + t).orElse("") : "");
        c.set(PODS_HEALTHY, true, "Healthy", message);
        return Optional.empty();
    }

    private static Optional<io.fabric8.kubernetes.api.model.apps.DeploymentCondition> deploymentCondition(
            io.fabric8.kubernetes.api.model.apps.Deployment d, String type) {
        return d.getStatus() == null || d.getStatus().getConditions() == null ? Optional.empty()
                : d.getStatus().getConditions().stream().filter(x -> type.equals(x.getType())).findFirst();
    }

    private static List<String> pendingBackends(GatewayModel model, ObservedState observed) {
        List<String> pending = new ArrayList<>();
        if (!model.generatedKeysPresent()) {
            pending.add("its generated keys Secret " + model.names().keysSecret());
        }
        if (model.managedDatabase() && !observed.clusterReady()) {
            pending.add("its database");
        }
        if (model.hasDatabase() && !observed.migrationComplete()) {
            pending.add("its migrations");
        }
        if (model.managedCache() && !observed.cacheReady()) {
            pending.add("its cache");
        }
        return pending;
    }

    private static boolean route(Conditions c, GatewayModel model, ObservedState observed, Set<OptionalApi> missingCrds,
            List<String> stalled, List<String> waiting) {
        if (!model.routeEnabled()) {
            c.set(ROUTE_ACCEPTED, true, "NotRequired", "no route configured");
            return true;
        }
        if (!crdsInstalled(c, ROUTE_ACCEPTED, model, missingCrds, stalled)) {
            return false;
        }
        if (observed.routeAccepted()) {
            c.set(ROUTE_ACCEPTED, true, "Accepted", "HTTPRoute accepted by its parents");
            return true;
        }
        List<String> rejections = observed.routeRejections();
        String message = rejections.isEmpty() ? "HTTPRoute not yet accepted by its parent Gateway"
                : "HTTPRoute not accepted: " + String.join("; ", rejections);
        c.set(ROUTE_ACCEPTED, false, rejections.isEmpty() ? "Pending" : "NotAccepted", message);
        waiting.add(message);
        return false;
    }

    /**
     * A condition that only reports objects of optional APIs (monitoring, Cilium): NotRequired when the spec asks
     * for none, CRDMissing when one of their CRDs is absent, else Applied naming each object.
     */
    private static boolean optionalApis(Conditions c, String type, GatewayModel model, Set<OptionalApi> missingCrds,
            List<String> stalled) {
        List<String> objects = Arrays.stream(OptionalApi.values()).filter(api -> type.equals(api.condition()) && api.wantedBy(model))
                .map(api -> api.creates(model)).toList();
        if (objects.isEmpty()) {
            c.set(type, true, "NotRequired", "not enabled in the spec");
            return true;
        }
        if (!crdsInstalled(c, type, model, missingCrds, stalled)) {
            return false;
        }
        c.set(type, true, "Applied", String.join(", ", objects) + " applied");
        return true;
    }

    /** Sets {@code type} to CRDMissing, naming every absent CRD it depends on and what it would create; false then. */
    private static boolean crdsInstalled(Conditions c, String type, GatewayModel model, Set<OptionalApi> missingCrds,
            List<String> stalled) {
        List<String> missing = missingCrds.stream().filter(api -> type.equals(api.condition())).map(api -> api.missingMessage(model))
                .toList();
        if (missing.isEmpty()) {
            return true;
        }
        String message = "CRDMissing: " + String.join("; ", missing);
        c.set(type, false, "CRDMissing", message);
        stalled.add(message);
        return false;
    }

    private static String databaseSummary(GatewayModel model, ObservedState observed, Set<OptionalApi> missingCrds) {
        if (!model.hasDatabase()) {
            return "none";
        }
        if (!model.managedDatabase()) {
            return "external";
        }
        return missingCrds.contains(OptionalApi.CNPG_CLUSTER) ? "cnpg (not installed)" : "cnpg " + observed.clusterInstances();
    }

    private static String reasonOf(String message) {
        int colon = message.indexOf(':');
        return colon > 0 && message.substring(0, colon).matches("[A-Z][A-Za-z]+") ? message.substring(0, colon) : "Stalled";
    }

    private static List<Condition> sorted(List<Condition> conditions) {
        List<String> order = List.of(READY, RECONCILING, STALLED, CONFIG_VALID, DATABASE_READY, BACKUP_HEALTHY, CACHE_READY, MIGRATIONS_COMPLETE,
                DEPLOYMENT_AVAILABLE, PODS_HEALTHY, ROUTE_ACCEPTED, MONITORING_CONFIGURED, NETWORK_POLICY_APPLIED);
        return conditions.stream().sorted(java.util.Comparator.comparingInt(x -> {
            int i = order.indexOf(x.getType());
            return i < 0 ? order.size() : i;
        })).toList();
    }

    private static long generation(LiteLLMGateway gateway) {
        return gateway.getMetadata().getGeneration() != null ? gateway.getMetadata().getGeneration() : 0L;
    }

    private static LiteLLMGatewayStatus copyOf(LiteLLMGatewayStatus s) {
        LiteLLMGatewayStatus copy = new LiteLLMGatewayStatus();
        copy.url = s.url;
        copy.externalUrl = s.externalUrl;
        copy.models = s.models;
        copy.database = s.database;
        copy.cache = s.cache;
        copy.configHash = s.configHash;
        copy.image = s.image;
        copy.replicas = s.replicas;
        copy.readyReplicas = s.readyReplicas;
        copy.generatedKeysSecret = s.generatedKeysSecret;
        copy.backup = s.backup;
        return copy;
    }
}
