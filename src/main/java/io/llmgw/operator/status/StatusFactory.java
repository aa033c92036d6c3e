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
import static io.llmgw.api.v1alpha1.ConditionTypes.ROLLED_BACK;
import static io.llmgw.api.v1alpha1.ConditionTypes.ROUTE_ACCEPTED;
import static io.llmgw.api.v1alpha1.ConditionTypes.STALLED;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Condition;
import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.LiteLLMGatewayStatus;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Problem;
import io.llmgw.operator.state.ObservedState;
import io.llmgw.operator.state.OptionalApi;
import io.llmgw.operator.state.Rollback;

/**
 * Computes a fresh status following kstatus: observedGeneration always; Ready only when everything serves;
 * Reconciling while converging; Stalled when the spec cannot work without the user (Flux then fails fast).
 * Component conditions say which part is waiting and why. Messages never contain secret values.
 */
public final class StatusFactory {
    /** The gateway's own verdict; every other condition is a component's. */
    private static final Set<String> KSTATUS = Set.of(READY, RECONCILING, STALLED);

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
    public LiteLLMGatewayStatus failed(LiteLLMGateway gateway, String message) {
        ConditionReason reason = ConditionReason.RECONCILE_ERROR;
        return keepingComponents(gateway, c -> c
                .set(READY, false, reason, message)
                .set(RECONCILING, true, reason, "retrying: " + message)
                .set(STALLED, false, reason, message));
    }

    private LiteLLMGatewayStatus halted(LiteLLMGateway gateway, ConditionReason reason, String message, boolean specRefused, String readyPrefix) {
        return keepingComponents(gateway, c -> {
            if (specRefused) {
                c.set(CONFIG_VALID, false, reason, message);
            }
            c.set(READY, false, reason, readyPrefix + message);
            c.set(RECONCILING, false, reason, specRefused ? "waiting for a corrected spec" : "waiting for the user: " + message);
            c.set(STALLED, true, reason, message);
        });
    }

    /**
     * The previous status with its observedGeneration moved to the gateway's and a new verdict: what is known about the
     * running components is kept (nothing was applied or observed).
     */
    private LiteLLMGatewayStatus keepingComponents(LiteLLMGateway gateway, Consumer<Conditions> verdict) {
        LiteLLMGatewayStatus previous = gateway.getStatus() != null ? gateway.getStatus() : new LiteLLMGatewayStatus();
        long generation = generation(gateway);
        Conditions c = new Conditions(previous.conditions, generation, clock);
        previous.conditions.stream().filter(old -> !KSTATUS.contains(old.getType())).forEach(c::keep);
        verdict.accept(c);
        LiteLLMGatewayStatus status = copyOf(previous);
        status.observedGeneration = generation;
        status.conditions = sorted(c.build());
        return status;
    }

    public LiteLLMGatewayStatus valid(LiteLLMGateway gateway, GatewayModel model, ObservedState observed, Set<OptionalApi> missingCrds,
            List<String> errors) {
        LiteLLMGatewayStatus previous = gateway.getStatus() != null ? gateway.getStatus() : new LiteLLMGatewayStatus();
        Conditions c = new Conditions(previous.conditions, generation(gateway), clock);
        StatusAggregator verdicts = new StatusAggregator()
                .add(ComponentVerdict.reported(CONFIG_VALID, true, ConditionReason.RENDERED, configMessage(model)))
                .add(DatabaseVerdict.of(model, observed, missingCrds))
                .add(CacheVerdict.of(model, observed))
                .add(MigrationsVerdict.of(model, observed))
                .addAll(DeploymentVerdict.of(model, observed, clock.instant()))
                .add(RouteVerdict.of(model, observed, missingCrds))
                .add(OptionalApiVerdict.of(MONITORING_CONFIGURED, model, missingCrds))
                .add(OptionalApiVerdict.of(NETWORK_POLICY_APPLIED, model, missingCrds))
                .applyErrors(errors);
        // Reported, never part of Ready: a gateway whose backups stopped still serves (kstatus Ready is about serving).
        BackupHealth.Verdict backup = model.backupEnabled() ? backupHealth.assess(model, observed) : null;
        if (backup != null) {
            verdicts.add(ComponentVerdict.reported(BACKUP_HEALTHY, backup.healthy(), backup.reason(), backup.message()));
        }
        verdicts.writeTo(c, "gateway serving at " + model.names().proxyUrl());

        LiteLLMGatewayStatus status = new LiteLLMGatewayStatus();
        status.observedGeneration = generation(gateway);
        status.conditions = sorted(c.build());
        status.url = model.names().proxyUrl();
        status.externalUrl = model.externalUrl();
        status.models = model.modelCount();
        status.database = DatabaseVerdict.summary(model, observed, missingCrds);
        status.cache = model.cacheType().toLowerCase(Locale.ROOT);
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

    /** ConfigValid's message: what was rendered, and the model's warnings. */
    private static String configMessage(GatewayModel model) {
        String deployments = model.deploymentCount() > model.modelCount() ? " (" + model.deploymentCount() + " deployments)" : "";
        String message = "rendered " + model.modelCount() + " models" + deployments + ", config hash " + model.configHash();
        return model.warnings().isEmpty() ? message : message + "; warnings: " + String.join("; ", model.warnings());
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
        status.conditions.stream().filter(kept -> !KSTATUS.contains(kept.getType())).forEach(c::keep);
        String message = rollback.message();
        // The pod fault's reason as the snapshot recorded it when the generation was rejected.
        c.keep(ROLLED_BACK, true, rollback.rejection().reason(), message);
        c.set(READY, false, ConditionReason.ROLLED_BACK, message);
        c.set(RECONCILING, false, ConditionReason.ROLLED_BACK, "waiting for a new spec: " + message);
        c.set(STALLED, true, ConditionReason.ROLLED_BACK, message);
        status.conditions = sorted(c.build());
        return status;
    }

    private static List<Condition> sorted(List<Condition> conditions) {
        List<String> order = List.of(READY, RECONCILING, STALLED, CONFIG_VALID, DATABASE_READY, BACKUP_HEALTHY, CACHE_READY, MIGRATIONS_COMPLETE,
                DEPLOYMENT_AVAILABLE, PODS_HEALTHY, ROUTE_ACCEPTED, MONITORING_CONFIGURED, NETWORK_POLICY_APPLIED);
        return conditions.stream().sorted(Comparator.comparingInt(x -> {
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
