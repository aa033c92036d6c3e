package io.llmgw.operator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;

/**
 * Leader election on a Lease, so two operator replicas are safe: only the leader reconciles, the other takes over
 * when the lease expires. In the cluster the lease lives in the operator's namespace (POD_NAMESPACE from the
 * downward API); outside it, in {@code default}.
 */
@ApplicationScoped
public class LeaderElection {
    public static final String LEASE_NAME = "litellm-operator-leader";
    private static final Logger LOG = Logger.getLogger(LeaderElection.class);

    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElection(
            @ConfigProperty(name = "llmgw.leader-election.lease-namespace", defaultValue = "default") String namespace) {
        // JOSDK's own exit on losing the lease calls System.exit from the shutdown thread when the pod is stopped,
        // which blocks until SIGKILL. Exiting from a separate thread restarts a pod that lost its lease and lets
        // a normal shutdown finish.
        LeaderCallbacks callbacks = new LeaderCallbacks(() -> LOG.info("leading: reconciling gateways"),
                () -> {
                    LOG.warn("stopped leading: exiting so another replica takes over");
                    Thread exit = new Thread(() -> System.exit(1), "leader-lost-exit");
                    exit.setDaemon(true);
                    exit.start();
                },
                leader -> LOG.infof("leader is %s", leader));
        return new LeaderElectionConfiguration(LEASE_NAME, namespace, Duration.ofSeconds(15), Duration.ofSeconds(10),
                Duration.ofSeconds(2), null, callbacks, false);
    }
}
