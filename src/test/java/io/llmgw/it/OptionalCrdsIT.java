package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.it.support.Await;
import io.llmgw.it.support.Crds;
import io.llmgw.it.support.ExampleGateway;
import io.llmgw.it.support.Gateways;
import io.llmgw.it.support.ItEnvironment;
import io.llmgw.operator.state.OptionalApi;

/**
 * A plain cluster, with none of the optional CRDs (CloudNativePG, Gateway API, Prometheus Operator, Cilium): the
 * operator starts, the quickstart becomes Ready, and a gateway asking for everything reports exactly which CRD each
 * feature misses (Stalled, CRDMissing) while the rest reconciles. CRDs installed later are picked up without a
 * restart; each CRD removed alone while the operator runs degrades only the feature that needs it, and is picked up
 * again once reinstalled.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OptionalCrdsIT {
    /** Requeue while something is missing (15 s) plus the availability re-check (10 s), with margin for 2 busy cores. */
    static final Duration NOTICED = Duration.ofSeconds(60);
    static ItEnvironment env;
    static KubernetesClient client;
    static ExampleGateway quickstart;
    static ExampleGateway production;

    @BeforeAll
    static void aPlainClusterAndAFreshOperator() {
        env = ItEnvironment.get();
        client = env.client();
        env.operator().stop();
        Crds.uninstallAllUpstream(client);
        // A fresh operator that starts on a cluster without them, as on a newcomer's cluster.
        env.operator().start();
    }

    @AfterAll
    static void reinstall() {
        // Leave the shared API server as the other classes expect it.
        Crds.installAllUpstream(client);
        for (ExampleGateway example : new ExampleGateway[] { quickstart, production }) {
            if (example != null) {
                Gateways.gateway(client, example.namespace(), example.name()).delete();
            }
        }
    }

    @Test
    @Order(1)
    void onAPlainClusterTheQuickstartBecomesReadyAndEveryMissingCrdIsNamed() {
        quickstart = ExampleGateway.apply(env, "quickstart.yaml");
        production = ExampleGateway.apply(env, "production.yaml");

        LiteLLMGateway ready = awaitGateway(quickstart, "Ready=True", Gateways.CONVERGE, g -> Gateways.is(g, "Ready", "True"));
        System.out.println("quickstart on a plain cluster: " + Gateways.describe(ready));

        LiteLLMGateway stalled = awaitGateway(production, "CRDMissing for every optional API", Gateways.CONVERGE,
                g -> reportsMissing(g, EnumSet.allOf(OptionalApi.class)));
        System.out.println("production on a plain cluster: " + Gateways.describe(stalled));
        assertThat(Gateways.is(stalled, "Stalled", "True", "CRDMissing")).isTrue();
        assertThat(Gateways.is(stalled, "Ready", "False")).isTrue();
        // What needs no optional CRD is there.
        String ns = production.namespace();
        var names = production.model().names();
        assertThat(client.configMaps().inNamespace(ns).withName(names.configMap()).get()).isNotNull();
        assertThat(client.services().inNamespace(ns).withName(names.service()).get()).isNotNull();
        assertThat(client.secrets().inNamespace(ns).withName(names.keysSecret()).get()).isNotNull();
        assertThat(client.network().networkPolicies().inNamespace(ns).list().getItems()).isNotEmpty();
        assertThat(env.operator().isRunning()).isTrue();
    }

    @Test
    @Order(2)
    void crdsInstalledLaterArePickedUpWithoutRestart() {
        long start = System.nanoTime();
        Crds.installAllUpstream(client);
        LiteLLMGateway ready = awaitGateway(production, "Ready=True once the CRDs exist", NOTICED.plus(Gateways.CONVERGE),
                g -> Gateways.is(g, "Ready", "True"));
        System.out.printf("CRDs picked up and production Ready %d s after their install, no restart: %s%n",
                (System.nanoTime() - start) / 1_000_000_000L, Gateways.describe(ready));
        for (OptionalApi api : OptionalApi.values()) {
            if (api == OptionalApi.CNPG_BACKUP) {
                // The pre-upgrade Backup is created only when the image of a running gateway changes (BackupIT).
                continue;
            }
            assertThat(client.resources(api.type()).inAnyNamespace().withLabel("llmgw.io/gateway", production.name()).list().getItems())
                    .as(api.creates(production.model()) + " exists").isNotEmpty();
        }
    }

    @Test
    @Order(3)
    void eachCrdRemovedAloneWhileRunningDegradesOnlyItsFeature() {
        for (OptionalApi api : OptionalApi.values()) {
            long start = System.nanoTime();
            Crds.uninstallUpstream(client, api);
            LiteLLMGateway degraded = awaitGateway(production, api.crd() + " reported missing, nothing else", NOTICED,
                    g -> reportsMissing(g, EnumSet.of(api)));
            assertThat(Gateways.is(degraded, "Stalled", "True", "CRDMissing")).isTrue();
            assertThat(Gateways.condition(degraded, api.condition()).orElseThrow().getMessage()).contains(api.crd(), api.creates(production.model()));
            long noticed = (System.nanoTime() - start) / 1_000_000_000L;

            Crds.installUpstream(client, api);
            awaitGateway(production, "Ready=True again after reinstalling " + api.crd(), NOTICED, g -> Gateways.is(g, "Ready", "True"));
            System.out.printf("%s removed: noticed after %d s, Ready again %d s after reinstalling%n", api.crd(), noticed,
                    (System.nanoTime() - start) / 1_000_000_000L - noticed);
            assertThat(Gateways.is(quickstart.get(), "Ready", "True")).as("the quickstart is not affected").isTrue();
        }
        assertThat(env.operator().isRunning()).isTrue();
    }

    /** CRDMissing on exactly the conditions of {@code missing}, each naming its CRDs, and on no other condition. */
    private static boolean reportsMissing(LiteLLMGateway gateway, Set<OptionalApi> missing) {
        if (!Gateways.observedCurrent(gateway)) {
            return false;
        }
        Set<String> expected = missing.stream().map(OptionalApi::condition).collect(Collectors.toSet());
        Set<String> reported = gateway.getStatus().conditions.stream()
                .filter(c -> "CRDMissing".equals(c.getReason()) && !List.of("Ready", "Reconciling", "Stalled").contains(c.getType()))
                .map(c -> c.getType()).collect(Collectors.toSet());
        return reported.equals(expected) && missing.stream()
                .allMatch(api -> Gateways.condition(gateway, api.condition()).orElseThrow().getMessage().contains(api.crd()));
    }

    private static LiteLLMGateway awaitGateway(ExampleGateway example, String what, Duration bound,
            java.util.function.Predicate<LiteLLMGateway> condition) {
        return Await.until(example.name() + ": " + what, bound, () -> {
            example.driveTestDoubles();
            return example.get();
        }, g -> g != null && Gateways.observedCurrent(g) && condition.test(g), Gateways::describe);
    }
}
