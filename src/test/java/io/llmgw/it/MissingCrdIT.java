package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.it.support.Await;
import io.llmgw.it.support.Crds;
import io.llmgw.it.support.FakeKubelet;
import io.llmgw.it.support.Gateways;
import io.llmgw.it.support.ItEnvironment;
import io.llmgw.model.Names;
import io.llmgw.operator.condition.ApiAvailability;

/**
 * Optional APIs that are not installed: the gateway says so (CRDMissing, Stalled), everything else still reconciles,
 * the operator keeps running, and installing the CRD later is picked up without a restart (the reconciler requeues
 * every 30 s while something is missing).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MissingCrdIT {
    /** Requeue (30 s) plus the availability re-check interval (20 s), with margin for 2 busy cores. */
    static final Duration NOTICED = Duration.ofSeconds(75);
    static final String MODEL = "{name: a, model: openai/gpt-4o-mini, apiKey: {secretKeyRef: {name: openai, key: api-key}}}";
    static final String DATABASE = "pg";
    static final String MONITORED = "monitored";
    static ItEnvironment env;
    static KubernetesClient client;
    static String ns;

    @BeforeAll
    static void withoutCnpgAndPrometheusOperator() {
        env = ItEnvironment.get();
        client = env.client();
        Crds.uninstallUpstream(client, Crds.CNPG_CLUSTERS);
        Crds.uninstallUpstream(client, Crds.SERVICE_MONITORS);
        // The operator remembers a CRD it has seen for its whole life (a production operator starts on a cluster
        // that does or does not have it); this JVM's operator saw them installed, so make it forget.
        ApiAvailability.reset();
        ns = env.controlPlane().createNamespace("missing-crd");
        Gateways.providerSecret(client, ns, "openai", "api-key", "sk-test");
    }

    @AfterAll
    static void reinstall() {
        // Leave the shared API server as the other classes expect it.
        Crds.installUpstream(client, Crds.CNPG_CLUSTERS);
        Crds.installUpstream(client, Crds.SERVICE_MONITORS);
    }

    @Test
    @Order(1)
    void aMissingCrdIsReportedAndTheRestStillReconciles() {
        assertThat(Crds.isInstalled(client, "clusters.postgresql.cnpg.io")).isFalse();
        Gateways.create(client, ns, gateway(DATABASE, "database: {type: CloudNativePG}"));
        Gateways.create(client, ns, gateway(MONITORED, "observability: {prometheus: {enabled: true, serviceMonitor: {enabled: true}}}"));

        LiteLLMGateway pg = Gateways.awaitCondition(client, ns, DATABASE, "DatabaseReady", "False", "CRDMissing");
        System.out.println("without CloudNativePG: " + Gateways.describe(pg));
        assertThat(Gateways.is(pg, "Stalled", "True", "CRDMissing")).isTrue();
        assertThat(Gateways.is(pg, "Ready", "False")).isTrue();
        assertThat(pg.getStatus().database).isEqualTo("cnpg (not installed)");
        // Everything that does not need CloudNativePG is there; the proxy waits for its database.
        Await.until("ConfigMap, Service, ServiceAccount and keys Secret of " + DATABASE, Gateways.CONVERGE,
                () -> client.configMaps().inNamespace(ns).withName(DATABASE + "-config").get() != null
                        && client.services().inNamespace(ns).withName(DATABASE).get() != null
                        && client.serviceAccounts().inNamespace(ns).withName(DATABASE).get() != null
                        && client.secrets().inNamespace(ns).withName(DATABASE + "-keys").get() != null);
        assertThat(client.apps().deployments().inNamespace(ns).withName(DATABASE).get()).as("proxy waits for its database").isNull();
        assertThat(client.batch().v1().jobs().inNamespace(ns).withLabel(Names.COMPONENT_LABEL, Names.MIGRATION).list().getItems())
                .as("no migration Job without a database to migrate").isEmpty();
        assertThat(Gateways.is(pg, "DeploymentAvailable", "False", "WaitingForBackends")).isTrue();
        Await.until("a Warning Event CRDMissing", Gateways.CONVERGE,
                () -> client.v1().events().inNamespace(ns).withField("involvedObject.name", DATABASE).list().getItems().stream()
                        .anyMatch(e -> "Warning".equals(e.getType()) && "CRDMissing".equals(e.getReason())));

        Await.until("Deployment " + MONITORED, Gateways.CONVERGE,
                () -> client.apps().deployments().inNamespace(ns).withName(MONITORED).get() != null);
        FakeKubelet.markDeploymentAvailable(client, ns, MONITORED);
        // The proxy itself runs; only the monitoring part waits for its CRD.
        LiteLLMGateway monitored = Await.until(MONITORED + " runs and reports MonitoringConfigured=False (CRDMissing)", Gateways.CONVERGE,
                () -> Gateways.gateway(client, ns, MONITORED).get(), g -> Gateways.observedCurrent(g)
                        && Gateways.is(g, "DeploymentAvailable", "True") && Gateways.is(g, "MonitoringConfigured", "False", "CRDMissing"),
                Gateways::describe);
        System.out.println("without Prometheus Operator: " + Gateways.describe(monitored));
        assertThat(Gateways.is(monitored, "Stalled", "True", "CRDMissing")).isTrue();
        assertThat(Gateways.is(monitored, "Ready", "False")).isTrue();

        assertThat(env.operator().isRunning()).isTrue();
    }

    @Test
    @Order(2)
    void installingTheCrdLaterIsNoticedWithoutRestart() {
        long start = System.nanoTime();
        Crds.installUpstream(client, Crds.CNPG_CLUSTERS);
        Crds.installUpstream(client, Crds.SERVICE_MONITORS);

        LiteLLMGateway pg = Await.until(DATABASE + " no longer reports CRDMissing", NOTICED, () -> Gateways.gateway(client, ns, DATABASE).get(),
                g -> Gateways.is(g, "DatabaseReady", "False", "ClusterNotReady") && Gateways.is(g, "Stalled", "False"), Gateways::describe);
        LiteLLMGateway monitored = Await.until(MONITORED + " no longer reports CRDMissing", NOTICED,
                () -> Gateways.gateway(client, ns, MONITORED).get(),
                g -> Gateways.is(g, "MonitoringConfigured", "True") && Gateways.is(g, "Stalled", "False"), Gateways::describe);
        System.out.printf("CRDs noticed after %d s without restart%n  %s: %s%n  %s: %s%n", (System.nanoTime() - start) / 1_000_000_000L,
                DATABASE, Gateways.describe(pg), MONITORED, Gateways.describe(monitored));
        assertThat(pg.getStatus().database).isEqualTo("cnpg 0/?");
    }

    @Test
    @Order(3)
    void theClusterIsCreatedOnceTheCrdIsInstalled() {
        GenericKubernetesResource cluster = Await.until("CloudNativePG Cluster " + DATABASE + "-db", NOTICED,
                () -> client.genericKubernetesResources("postgresql.cnpg.io/v1", "Cluster").inNamespace(ns).withName(DATABASE + "-db").get(),
                c -> c != null);
        LiteLLMGateway pg = Gateways.gateway(client, ns, DATABASE).get();
        // deletionPolicy Retain (the default): no owner reference, so the database outlives the gateway.
        assertThat(cluster.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(cluster.getMetadata().getAnnotations()).containsEntry("io.javaoperatorsdk/primary-name", pg.getMetadata().getName());

        FakeKubelet.createClusterAppSecret(client, ns, DATABASE + "-db");
        Await.until("the migration Job, once CloudNativePG's app Secret exists", NOTICED,
                () -> !client.batch().v1().jobs().inNamespace(ns).withLabel(Names.COMPONENT_LABEL, Names.MIGRATION).list().getItems().isEmpty());
        FakeKubelet.markClusterReady(client, ns, DATABASE + "-db");
        Gateways.awaitCondition(client, ns, DATABASE, "DatabaseReady", "True", "ClusterReady");
    }

    @Test
    @Order(4)
    void theServiceMonitorIsCreatedOnceTheCrdIsInstalled() {
        GenericKubernetesResource monitor = Await.until("ServiceMonitor " + MONITORED, NOTICED,
                () -> client.genericKubernetesResources("monitoring.coreos.com/v1", "ServiceMonitor").inNamespace(ns).withName(MONITORED)
                        .get(),
                m -> m != null);
        LiteLLMGateway gateway = Gateways.gateway(client, ns, MONITORED).get();
        assertThat(monitor.getMetadata().getOwnerReferences()).anyMatch(r -> r.getUid().equals(gateway.getMetadata().getUid()));
    }

    private static String gateway(String name, String extra) {
        return "apiVersion: llmgw.io/v1alpha1\nkind: LiteLLMGateway\nmetadata:\n  name: " + name + "\nspec:\n  models: [" + MODEL + "]\n  "
                + extra + "\n";
    }
}
