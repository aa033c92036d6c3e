package io.llmgw.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.LiteLLMGatewayStatus;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Problem;
import io.llmgw.operator.state.ObservedState;
import io.llmgw.operator.state.OptionalApi;
import io.llmgw.operator.state.PodHealthTest;

/** kstatus semantics: what Flux and kubectl wait on. */
class StatusFactoryTest {
    static final Clock T0 = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
    static final Clock T1 = Clock.fixed(Instant.parse("2026-11-27T11:00:00Z"), ZoneOffset.UTC);

    static ObservedState observed(Deployment proxy) {
        return new ObservedState(Optional.ofNullable(proxy), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static Deployment available(int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName("gw").withNamespace("ns").withGeneration(1L).endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec()
                .withNewStatus().withObservedGeneration(1L).withReplicas(replicas).withReadyReplicas(replicas)
                .withAvailableReplicas(replicas).withUpdatedReplicas(replicas).endStatus().build();
    }

    static String status(LiteLLMGatewayStatus s, String type) {
        return s.conditions.stream().filter(c -> c.getType().equals(type)).map(Condition::getStatus).findFirst().orElse("absent");
    }

    static String reason(LiteLLMGatewayStatus s, String type) {
        return s.conditions.stream().filter(c -> c.getType().equals(type)).map(Condition::getReason).findFirst().orElse("absent");
    }

    @Test
    void aGroupOfDeploymentsCountsAsOneModel() {
        LiteLLMGateway gw = TestGateways.gateway("""
                models:
                  - {name: a, model: openai/a, id: a-east}
                  - {name: a, model: openai/a, id: a-west}
                  - {name: b, model: openai/b}
                """);
        GatewayModel model = GatewayModel.build(gw, io.llmgw.model.SecretLookup.offline()).model();
        LiteLLMGatewayStatus s = new StatusFactory(T0).valid(gw, model, observed(available(1)), Set.of(), List.of());
        assertThat(s.models).isEqualTo(2);
        assertThat(s.conditions).filteredOn(c -> c.getType().equals("ConfigValid")).singleElement()
                .satisfies(c -> assertThat(c.getMessage()).startsWith("rendered 2 models (3 deployments), config hash "));
    }

    @Test
    void reconcilingUntilTheDeploymentIsAvailableThenReady() {
        LiteLLMGateway gw = TestGateways.gateway(TestGateways.ONE_MODEL);
        GatewayModel model = GatewayModel.build(gw, io.llmgw.model.SecretLookup.offline()).model();
        LiteLLMGatewayStatus rolling = new StatusFactory(T0).valid(gw, model, observed(null), Set.of(), List.of());
        assertThat(rolling.observedGeneration).isEqualTo(1L);
        assertThat(status(rolling, "Ready")).isEqualTo("False");
        assertThat(status(rolling, "Reconciling")).isEqualTo("True");
        assertThat(status(rolling, "Stalled")).isEqualTo("False");
        assertThat(status(rolling, "DeploymentAvailable")).isEqualTo("False");

        gw.setStatus(rolling);
        LiteLLMGatewayStatus ready = new StatusFactory(T1).valid(gw, model, observed(available(1)), Set.of(), List.of());
        assertThat(status(ready, "Ready")).isEqualTo("True");
        assertThat(status(ready, "Reconciling")).isEqualTo("False");
        assertThat(ready.models).isEqualTo(1);
        assertThat(ready.database).isEqualTo("none");
        assertThat(ready.url).isEqualTo("http://gw.ns.svc:4000");
        assertThat(ready.readyReplicas).isEqualTo(1);
        // ConfigValid did not change: its transition time stays; Ready changed: it moves.
        assertThat(time(ready, "ConfigValid")).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(time(ready, "Ready")).isEqualTo("2026-11-27T11:00:00Z");

        gw.setStatus(ready);
        assertThat(new StatusFactory(T1).valid(gw, model, observed(available(1)), Set.of(), List.of()))
                .as("an unchanged gateway yields an equal status, so nothing is written").isEqualTo(ready);
    }

    @Test
    void invalidSpecIsStalledAndKeepsComponentConditions() {
        LiteLLMGateway gw = TestGateways.gateway(TestGateways.ONE_MODEL);
        GatewayModel model = GatewayModel.build(gw, io.llmgw.model.SecretLookup.offline()).model();
        gw.setStatus(new StatusFactory(T0).valid(gw, model, observed(available(1)), Set.of(), List.of()));
        LiteLLMGatewayStatus refused = new StatusFactory(T1).invalid(gw, List.of(new Problem(ConditionReason.IMAGE_REFUSED, "LiteLLM 1.82.8 is compromised")));
        assertThat(status(refused, "Stalled")).isEqualTo("True");
        assertThat(reason(refused, "Stalled")).isEqualTo("ImageRefused");
        assertThat(status(refused, "Ready")).isEqualTo("False");
        assertThat(status(refused, "Reconciling")).isEqualTo("False");
        assertThat(status(refused, "ConfigValid")).isEqualTo("False");
        assertThat(status(refused, "DeploymentAvailable")).isEqualTo("True");
        assertThat(refused.url).isEqualTo("http://gw.ns.svc:4000");
    }

    @Test
    void missingOptionalCrdIsStalledWithReason() {
        LiteLLMGateway gw = TestGateways.gateway(TestGateways.ONE_MODEL + "database: {type: CloudNativePG}");
        GatewayModel model = GatewayModel.build(gw, io.llmgw.model.SecretLookup.offline()).model();
        LiteLLMGatewayStatus s = new StatusFactory(T0).valid(gw, model, observed(null), Set.of(OptionalApi.CNPG_CLUSTER), List.of());
        assertThat(status(s, "Stalled")).isEqualTo("True");
        assertThat(reason(s, "Stalled")).isEqualTo("CRDMissing");
        assertThat(reason(s, "DatabaseReady")).isEqualTo("CRDMissing");
        assertThat(s.database).isEqualTo("cnpg (not installed)");
        // No Job is created before CloudNativePG reports the Cluster ready.
        assertThat(reason(s, "MigrationsComplete")).isEqualTo("WaitingForDatabase");
    }

    @Test
    void aClusterImportingOrRestoringSaysSoAndTheMigrationWaits() {
        LiteLLMGateway gw = TestGateways.gateway(TestGateways.ONE_MODEL + """
                saltKeySecretRef: {name: old, key: LITELLM_SALT_KEY}
                database:
                  type: CloudNativePG
                  cloudNativePG:
                    bootstrap:
                      import: {host: old-db.legacy, database: litellm_prod, user: reader, passwordSecretRef: {name: old-db, key: password}}
                """);
        GatewayModel model = GatewayModel.build(gw, io.llmgw.model.SecretLookup.offline()).model();
        io.llmgw.operator.resource.CnpgCluster importing = new io.llmgw.operator.resource.CnpgCluster();
        importing.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("gw-db").withNamespace("ns").build());
        importing.setAdditionalProperty("status", java.util.Map.of("phase", "Setting up primary",
                "conditions", List.of(java.util.Map.of("type", "Initialized", "status", "False"))));
        ObservedState observed = new ObservedState(Optional.empty(), Optional.empty(), Optional.of(importing), Optional.empty(), Optional.empty());

        LiteLLMGatewayStatus s = new StatusFactory(T0).valid(gw, model, observed, Set.of(), List.of());
        assertThat(reason(s, "DatabaseReady")).isEqualTo("Bootstrapping");
        assertThat(message(s, "DatabaseReady")).isEqualTo("CloudNativePG cluster gw-db is bootstrapping: import of database litellm_prod"
                + " from old-db.legacy:5432 as user reader; the migration Job waits until it is ready");
        assertThat(reason(s, "MigrationsComplete")).isEqualTo("WaitingForDatabase");
        assertThat(status(s, "Stalled")).isEqualTo("False");

        // Once bootstrapped, a Cluster that is not ready is just that.
        importing.setAdditionalProperty("status", java.util.Map.of("phase", "Failing over",
                "conditions", List.of(java.util.Map.of("type", "Initialized", "status", "True"))));
        assertThat(reason(new StatusFactory(T0).valid(gw, model, observed, Set.of(), List.of()), "DatabaseReady")).isEqualTo("ClusterNotReady");
    }

    static String time(LiteLLMGatewayStatus s, String type) {
        return s.conditions.stream().filter(c -> c.getType().equals(type)).map(Condition::getLastTransitionTime).findFirst().orElseThrow();
    }

    @Test
    void anErrorTheReconcileCouldNotHandleIsNotReadyAtItsGenerationAndKeepsComponents() {
        LiteLLMGateway gw = TestGateways.gateway(TestGateways.ONE_MODEL);
        GatewayModel model = GatewayModel.build(gw, io.llmgw.model.SecretLookup.offline()).model();
        gw.setStatus(new StatusFactory(T0).valid(gw, model, observed(available(1)), Set.of(), List.of()));
        assertThat(status(gw.getStatus(), "Ready")).isEqualTo("True");
        gw.getMetadata().setGeneration(2L);

        LiteLLMGatewayStatus failed = new StatusFactory(T1).failed(gw, "SocketTimeoutException: timeout");
        assertThat(failed.observedGeneration).isEqualTo(2L);
        assertThat(status(failed, "Ready")).isEqualTo("False");
        assertThat(reason(failed, "Ready")).isEqualTo("ReconcileError");
        assertThat(status(failed, "Reconciling")).isEqualTo("True");
        assertThat(status(failed, "Stalled")).isEqualTo("False");
        assertThat(status(failed, "DeploymentAvailable")).as("what is known about components is kept").isEqualTo("True");
    }

    @Test
    void stalledForLostKeysLeavesTheConfigVerdictAlone() {
        LiteLLMGateway gw = TestGateways.gateway(TestGateways.ONE_MODEL);
        GatewayModel model = GatewayModel.build(gw, io.llmgw.model.SecretLookup.offline()).model();
        gw.setStatus(new StatusFactory(T0).valid(gw, model, observed(available(1)), Set.of(), List.of()));
        assertThat(gw.getStatus().generatedKeysSecret).isEqualTo(model.names().keysSecret());

        LiteLLMGatewayStatus stalled = new StatusFactory(T1).stalled(gw, new io.llmgw.model.Problem(ConditionReason.KEYS_SECRET_MISSING, "gone"));
        assertThat(status(stalled, "Stalled")).isEqualTo("True");
        assertThat(reason(stalled, "Stalled")).isEqualTo("KeysSecretMissing");
        assertThat(status(stalled, "Ready")).isEqualTo("False");
        assertThat(status(stalled, "ConfigValid")).isEqualTo("True");
        assertThat(stalled.generatedKeysSecret).as("the memory of generated keys survives the stall").isEqualTo(model.names().keysSecret());
    }

    @Test
    void aCrashLoopIsReportedWhileItMayClearAndStalledOnceTheDeploymentsProgressDeadlinePassed() {
        LiteLLMGateway gw = TestGateways.gateway(TestGateways.ONE_MODEL);
        GatewayModel model = GatewayModel.build(gw, io.llmgw.model.SecretLookup.offline()).model();
        var crashing = PodHealthTest.pod("gw-1", List.of(PodHealthTest.ready(false, PodHealthTest.STARTED)),
                PodHealthTest.crashLooping("Error", 1, 3));
        Deployment rolling = new DeploymentBuilder(available(1)).editStatus().withAvailableReplicas(0).withReadyReplicas(0)
                .addNewCondition().withType("Progressing").withStatus("True").withReason("ReplicaSetUpdated").endCondition().endStatus()
                .build();
        ObservedState observed = new ObservedState(Optional.of(rolling), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(crashing));
        LiteLLMGatewayStatus looping = new StatusFactory(T0).valid(gw, model, observed, Set.of(), List.of());
        assertThat(status(looping, "PodsHealthy")).isEqualTo("False");
        assertThat(reason(looping, "PodsHealthy")).isEqualTo("CrashLoopBackOff");
        assertThat(reason(looping, "DeploymentAvailable")).isEqualTo("CrashLoopBackOff");
        assertThat(status(looping, "Reconciling")).as("the crash may still clear (a database starting)").isEqualTo("True");
        assertThat(status(looping, "Stalled")).isEqualTo("False");
        assertThat(message(looping, "Ready")).contains("1 of 1 pods crash in a loop", "exit code 1 (Error)");

        Deployment deadline = new DeploymentBuilder(rolling).editStatus().withConditions().addNewCondition().withType("Progressing")
                .withStatus("False").withReason("ProgressDeadlineExceeded").endCondition().endStatus().build();
        LiteLLMGatewayStatus stalled = new StatusFactory(T1).valid(gw, model, new ObservedState(Optional.of(deadline), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(crashing)), Set.of(), List.of());
        assertThat(status(stalled, "Stalled")).isEqualTo("True");
        assertThat(reason(stalled, "Stalled")).isEqualTo("CrashLoopBackOff");
        assertThat(status(stalled, "Reconciling")).isEqualTo("False");
    }

    @Test
    void aRolledBackGatewayShowsWhatRunsButIsStalledOnTheFailedGeneration() {
        LiteLLMGateway gw = TestGateways.gateway(TestGateways.ONE_MODEL + "litellmSettings: {callbacks: [no_such_callback]}");
        gw.getMetadata().setGeneration(2L);
        LiteLLMGateway good = TestGateways.gateway(TestGateways.ONE_MODEL);
        GatewayModel serving = GatewayModel.build(good, io.llmgw.model.SecretLookup.offline()).model();
        var snapshot = io.llmgw.operator.state.LastGoodConfiguration.of(good, serving);
        var rollback = new io.llmgw.operator.state.Rollback(snapshot, new io.llmgw.operator.state.LastGoodConfiguration.Rejection(2, "OOMKilled",
                "1 of 1 pods are OOM-killed in a loop"));
        LiteLLMGatewayStatus status = new StatusFactory(T0).rolledBack(gw, serving, observed(available(1)), Set.of(), List.of(), rollback);
        assertThat(status(status, "DeploymentAvailable")).as("the last good pods serve").isEqualTo("True");
        assertThat(status(status, "RolledBack")).isEqualTo("True");
        assertThat(reason(status, "RolledBack")).isEqualTo("OOMKilled");
        assertThat(status(status, "Ready")).isEqualTo("False");
        assertThat(reason(status, "Stalled")).isEqualTo("RolledBack");
        assertThat(status(status, "Stalled")).isEqualTo("True");
        assertThat(status(status, "Reconciling")).isEqualTo("False");
        assertThat(status.observedGeneration).isEqualTo(2L);
        assertThat(status.configHash).as("the hash that runs").isEqualTo(serving.configHash());
        assertThat(message(status, "Ready")).contains("generation 2 did not roll out (OOMKilled", "serving the configuration of generation 1");

        LiteLLMGatewayStatus fixed = new StatusFactory(T1).valid(gw, serving, observed(available(1)), Set.of(), List.of());
        assertThat(status(fixed, "RolledBack")).as("gone once a generation rolls out").isEqualTo("absent");
    }

    @Test
    void podsThatCannotBeCreatedAreAFaultOfTheirOwn() {
        LiteLLMGateway gw = TestGateways.gateway(TestGateways.ONE_MODEL);
        GatewayModel model = GatewayModel.build(gw, io.llmgw.model.SecretLookup.offline()).model();
        Deployment quota = new DeploymentBuilder(available(1)).editStatus().withAvailableReplicas(0).addNewCondition()
                .withType("ReplicaFailure").withStatus("True").withReason("FailedCreate")
                .withMessage("pods \"gw-5d9\" is forbidden: exceeded quota: mem").endCondition().endStatus().build();
        LiteLLMGatewayStatus status = new StatusFactory(T0).valid(gw, model, observed(quota), Set.of(), List.of());
        assertThat(reason(status, "PodsHealthy")).isEqualTo("FailedCreate");
        assertThat(message(status, "DeploymentAvailable")).contains("exceeded quota");
    }

    static String message(LiteLLMGatewayStatus s, String type) {
        return s.conditions.stream().filter(c -> c.getType().equals(type)).map(Condition::getMessage).findFirst().orElse("absent");
    }
}
