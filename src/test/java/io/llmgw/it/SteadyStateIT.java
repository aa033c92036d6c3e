package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.llmgw.it.support.Await;
import io.llmgw.it.support.FakeKubelet;
import io.llmgw.it.support.Gateways;
import io.llmgw.it.support.ItEnvironment;
import io.llmgw.it.support.OperatorRunner;
import io.llmgw.it.support.WriteCounter;

/**
 * A converged operator is quiet: restarting it re-lists and reconciles every gateway (of every test class that ran
 * before in this JVM), and that full resync must not send a single write to the API server.
 */
class SteadyStateIT {
    static final String NAME = "steady";
    static final Duration WINDOW = Duration.ofSeconds(20);
    static ItEnvironment env;
    static KubernetesClient client;
    static String ns;

    @BeforeAll
    static void convergedQuickstart() {
        env = ItEnvironment.get();
        client = env.client();
        ns = env.controlPlane().createNamespace("steady");
        Gateways.providerSecret(client, ns, "openai", "api-key", "sk-test");
        Gateways.create(client, ns, Gateways.oneModel(NAME));
        Await.until("Deployment " + NAME, Gateways.CONVERGE, () -> client.apps().deployments().inNamespace(ns).withName(NAME).get() != null);
        FakeKubelet.markDeploymentAvailable(client, ns, NAME);
        Gateways.awaitCondition(client, ns, NAME, "Ready", "True");
    }

    @Test
    void aFullResyncAfterARestartWritesNothing() {
        OperatorRunner operator = env.operator();
        // A first restart settles what earlier classes left behind: OptionalCrdsIT uninstalls the optional CRDs of
        // the shared API server, which deletes the other classes' Clusters and ObjectStores; a gateway that was not
        // reconciled while its CRD was gone recreates them only at its next reconcile (printed, not asserted).
        long settle = operator.writes().mark();
        operator.restart();
        Await.until("the restarted operator reconciles " + ns + "/" + NAME, Gateways.CONVERGE,
                () -> operator.reconciliations().succeededSince(settle).contains(ns + "/" + NAME));
        Await.sleep(Duration.ofSeconds(5));
        System.out.println("steady state: writes of the settling restart: " + operator.writes().since(settle));
        long mark = operator.writes().mark();
        operator.restart();
        Await.until("the restarted operator reconciles " + ns + "/" + NAME, Gateways.CONVERGE,
                () -> operator.reconciliations().succeededSince(mark).contains(ns + "/" + NAME));
        Await.sleep(WINDOW);

        List<WriteCounter.Write> writes = operator.writes().since(mark);
        System.out.printf("steady state: %d write requests in the %d s after the operator restart (%d gateways reconciled): %s%n",
                writes.size(), WINDOW.toSeconds(), operator.reconciliations().succeededSince(mark).size(), writes);
        assertThat(operator.writes().all()).as("the counter saw the operator's writes while converging").isNotEmpty();
        assertThat(operator.reconciliations().failedSince(mark)).as("failed reconciliations").isEmpty();
        assertThat(writes).as("write requests by the operator at steady state").isEmpty();
        assertThat(Gateways.gateway(client, ns, NAME).get()).matches(g -> Gateways.is(g, "Ready", "True"), "still Ready");
    }
}
