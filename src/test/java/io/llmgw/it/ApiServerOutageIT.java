package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.llmgw.it.support.ApiServerLink;
import io.llmgw.it.support.Await;
import io.llmgw.it.support.ControlPlane;
import io.llmgw.it.support.ItEnvironment;
import io.llmgw.it.support.OperatorProcess;
import io.llmgw.operator.LeaderElection;

/**
 * Two replicas of the packaged operator lose the API server for longer than the lease renew deadline, as in a
 * control-plane upgrade. Neither exits while the server is unreachable and both stay live for the kubelet (no crash
 * loop, no restart back-off); the leader stops reconciling; when the server answers again the former leader exits
 * once, the other replica takes the lease, and the restarted one stands by. A leader stopped by SIGTERM releases the
 * lease, so the replica standing by takes over within seconds.
 */
class ApiServerOutageIT {
    private static final Logger LOG = Logger.getLogger(ApiServerOutageIT.class);
    /** Longer than the renew deadline (10 s) and the lease duration (15 s): the lease is lost and has expired. */
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration START = Duration.ofSeconds(90);
    /** deploy/operator/deployment.yaml, livenessProbe.failureThreshold. */
    private static final int LIVENESS_FAILURE_THRESHOLD = 3;

    private final List<OperatorProcess> replicas = new ArrayList<>();
    private ApiServerLink link;

    @AfterEach
    void stopReplicas() {
        replicas.forEach(OperatorProcess::close);
        if (link != null) {
            link.close();
        }
    }

    @Test
    void twoReplicasRideOutAnOutageAndTheLeaseMovesOnWithoutACrashLoop() {
        ItEnvironment env = ItEnvironment.get();
        ControlPlane controlPlane = env.controlPlane();
        KubernetesClient admin = env.client();
        String ns = controlPlane.createNamespace("outage");
        OperatorProcess.allowLease(admin, ns);
        link = ApiServerLink.to(controlPlane.clientConfig().getMasterUrl());

        OperatorProcess a = start("replica-a", env, ns);
        awaitHolder(admin, ns, "replica-a", START);
        OperatorProcess b = start("replica-b", env, ns);
        Await.until("replica-b is live", START, () -> b.liveness() == 200);

        link.cut();
        long outageEnds = System.nanoTime() + OUTAGE.toNanos();
        // The kubelet restarts a container after failureThreshold (3, deploy/operator) failed probes in a row; probed
        // every second here rather than every 20 s, so one slow answer on a loaded machine is not taken for a restart.
        Map<OperatorProcess, Integer> failedInARow = new HashMap<>(Map.of(a, 0, b, 0));
        while (System.nanoTime() < outageEnds) {
            for (OperatorProcess replica : List.of(a, b)) {
                assertThat(replica.exitCode()).as("%s exited during the outage; log %s", replica.replica(), replica.logFile()).isNull();
                int failed = replica.liveness() == 200 ? 0 : failedInARow.get(replica) + 1;
                failedInARow.put(replica, failed);
                assertThat(failed).as("%s liveness failed %d times in a row during the outage (the kubelet would restart it)",
                        replica.replica(), failed).isLessThan(LIVENESS_FAILURE_THRESHOLD);
            }
            Await.sleep(Duration.ofSeconds(1));
        }
        assertThat(a.log()).as("the leader noticed it lost the lease").contains("stopped leading");
        assertThat(b.log()).doesNotContain("stopped leading");

        link.restore();
        long restored = System.nanoTime();
        Integer code = Await.until("the former leader exits once the API server answers", Duration.ofSeconds(30), a::exitCode,
                c -> c != null);
        assertThat(code).isEqualTo(1);
        long exited = System.nanoTime();
        awaitHolder(admin, ns, "replica-b", Duration.ofSeconds(30));
        LOG.infof("outage of %d s: replica-a exited %d ms after the API server answered, replica-b led %d ms after", OUTAGE.toSeconds(),
                (exited - restored) / 1_000_000, (System.nanoTime() - restored) / 1_000_000);
        assertThat(b.isAlive()).isTrue();

        // The kubelet restarts the former leader: it starts at once and stands by.
        OperatorProcess restarted = start("replica-a", env, ns);
        Await.until("the restarted replica-a is live", START, () -> restarted.liveness() == 200);
        Await.sleep(Duration.ofSeconds(5));
        assertThat(restarted.isAlive()).isTrue();
        assertThat(b.isAlive()).isTrue();
        assertThat(holder(admin, ns)).isEqualTo("replica-b");

        // The kubelet stopping the leader (SIGTERM) ends its leadership too: a shutdown, not a loss to wait out. It
        // gives the lease up, so the standing-by replica takes over at its next retry (2 s), not after the 15 s lease.
        assertThat(b.terminate(Duration.ofSeconds(20))).as("replica-b ends on SIGTERM within the grace period").isNotNull();
        long stopped = System.nanoTime();
        assertThat(b.log()).contains("stopped leading: the operator is shutting down").contains("released the lease")
                .doesNotContain("LeadershipLoss");
        awaitHolder(admin, ns, "replica-a", Duration.ofSeconds(30));
        long takeoverMs = (System.nanoTime() - stopped) / 1_000_000;
        LOG.infof("replica-a led %d ms after replica-b ended on SIGTERM", takeoverMs);
        assertThat(takeoverMs).as("takeover after a released lease: the retry period, well under the 15 s lease").isLessThan(8_000);
    }

    private OperatorProcess start(String replica, ItEnvironment env, String ns) {
        OperatorProcess process = OperatorProcess.start(replica, env.operator().identity(), link.url(), ns);
        replicas.add(process);
        return process;
    }

    private static void awaitHolder(KubernetesClient admin, String ns, String replica, Duration timeout) {
        Await.until(replica + " holds lease " + ns + "/" + LeaderElection.LEASE_NAME, timeout, () -> holder(admin, ns),
                replica::equals);
    }

    private static String holder(KubernetesClient admin, String ns) {
        Lease lease = admin.leases().inNamespace(ns).withName(LeaderElection.LEASE_NAME).get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }
}
