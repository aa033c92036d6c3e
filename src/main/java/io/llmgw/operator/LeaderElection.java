package io.llmgw.operator;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.UUID;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Leader election on a Lease, so two operator replicas are safe: only the leader reconciles, the other takes over
 * when the lease expires. In the cluster the lease lives in the operator's namespace (POD_NAMESPACE from the
 * downward API); outside it, in {@code default}.
 */
@ApplicationScoped
public class LeaderElection {
    public static final String LEASE_NAME = "litellm-operator-leader";
    private static final Logger LOG = Logger.getLogger(LeaderElection.class);
    private static final Duration PROBE_API_SERVER = Duration.ofSeconds(2);

    // Looked up lazily: the Operator is built from the configuration this class produces.
    @Inject
    Instance<Operator> operator;
    @Inject
    Instance<KubernetesClient> client;

    /** Set before the operator stops on SIGTERM, which ends leadership too: then there is nothing to restart. */
    private volatile boolean shuttingDown;
    /** The pod name, as JOSDK would pick it; chosen here so the release below knows whose lease it is. */
    private final String identity = identity(System.getenv("HOSTNAME"));
    private volatile String leaseNamespace;
    /** Only a replica that led has a lease to give up (the CLI commands and standby replicas have none). */
    private volatile boolean led;

    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        shuttingDown = true;
    }

    /** After the extension stopped the operator (its observer has priority 3123): no reconcile runs any more. */
    void releaseLease(@Observes @Priority(4000) ShutdownEvent event) {
        if (!led) {
            return;
        }
        try (KubernetesClient own = probeClient(client.get().getConfiguration())) {
            var leases = own.leases().inNamespace(leaseNamespace);
            LeaseRelease.released(leases.withName(LEASE_NAME).get(), identity, ZonedDateTime.now()).ifPresent(released -> {
                leases.resource(released).update();
                LOG.info("released the lease: a standing-by replica takes over at once");
            });
        } catch (RuntimeException e) {
            LOG.infof("could not release the lease (%s): another replica takes over once it expires", e.getMessage());
        }
    }

    static String identity(String hostname) {
        return hostname == null || hostname.isBlank() ? UUID.randomUUID().toString() : hostname;
    }

    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElection(
            @ConfigProperty(name = "llmgw.leader-election.lease-namespace", defaultValue = "default") String namespace) {
        leaseNamespace = namespace;
        // Not JOSDK's own exit: it calls System.exit from the shutdown thread when the pod is stopped (blocking until
        // SIGKILL), and exits at once during an API server outage, so every replica crash-loops together. A
        // separate thread stops reconciling, waits for the API server, then exits (see LeadershipLoss).
        LeaderCallbacks callbacks = new LeaderCallbacks(() -> {
            led = true;
            LOG.info("leading: reconciling gateways");
        }, () -> {
            if (shuttingDown) {
                LOG.info("stopped leading: the operator is shutting down");
                return;
            }
            LOG.warn("stopped leading: no more reconciles; restarting once the API server answers");
            KubernetesClient probe = probeClient(client.get().getConfiguration());
            Thread lost = new Thread(() -> LeadershipLoss.handle(() -> operator.get().stop(), () -> answers(probe),
                    PROBE_API_SERVER, System::exit), "leader-lost");
            lost.setDaemon(true);
            lost.start();
        }, leader -> LOG.infof("leader is %s", leader));
        return new LeaderElectionConfiguration(LEASE_NAME, namespace, Duration.ofSeconds(15), Duration.ofSeconds(10),
                Duration.ofSeconds(2), identity, callbacks, false);
    }

    /**
     * Stopping the operator closes its client, so the API server is probed with a client of its own; without retries,
     * so each probe answers within its timeout instead of backing off for minutes after the server is back.
     */
    private static KubernetesClient probeClient(Config config) {
        int timeout = (int) PROBE_API_SERVER.toMillis();
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(config).withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(timeout).withRequestTimeout(timeout).build()).build();
    }

    private static boolean answers(KubernetesClient probe) {
        return probe.getKubernetesVersion() != null;
    }
}
