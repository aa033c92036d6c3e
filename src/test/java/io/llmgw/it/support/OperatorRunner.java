package io.llmgw.it.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.llmgw.operator.LeaderElection;
import io.llmgw.operator.LiteLLMGatewayReconciler;

/**
 * Runs the operator in the test JVM as plain JOSDK: the same reconciler class, read through the same
 * {@code @ControllerConfiguration}/{@code @Workflow} annotations the Quarkus extension reads, watching every
 * namespace, with leader election on the production lease. Its client is its own, authenticated as the ServiceAccount of
 * {@code deploy/operator} ({@link OperatorIdentity}, never admin), and counts every write request it sends
 * ({@link #writes()}); a JOSDK metrics hook records which gateways it reconciled ({@link #reconciliations()}).
 */
public final class OperatorRunner {
    private static final Logger LOG = Logger.getLogger(OperatorRunner.class);

    /** One identity for every start in this JVM: a restarted operator renews its own lease at once. */
    private static final String LEADER_IDENTITY = "integration-tests";

    private final ControlPlane controlPlane;
    private final OperatorIdentity identity;
    private final AtomicInteger leadershipsLost = new AtomicInteger();
    private final AtomicInteger leadershipsGained = new AtomicInteger();
    private final WriteCounter writes = new WriteCounter();
    private final Reconciliations reconciliations = new Reconciliations();
    private Operator operator;
    private KubernetesClient client;
    private String fieldManager;

    public OperatorRunner(ControlPlane controlPlane, OperatorIdentity identity) {
        this.controlPlane = controlPlane;
        this.identity = identity;
    }

    public synchronized OperatorRunner start() {
        if (operator != null) {
            return this;
        }
        client = new KubernetesClientBuilder().withConfig(identity.config())
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("llmgw-write-counter", writes))
                .build();
        Operator o = new Operator(overrider -> overrider.withKubernetesClient(client).withCloseClientOnStop(true)
                .withMetrics(reconciliations)
                .withLeaderElectionConfiguration(leaderElection()));
        // Gateways meant for a packaged operator process (OperatorProcess) are not this operator's.
        var registered = o.register(new LiteLLMGatewayReconciler(), c -> c.withLabelSelector("!" + OperatorProcess.LABEL));
        fieldManager = registered.getConfiguration().fieldManager();
        long start = System.nanoTime();
        o.start();
        operator = o;
        LOG.infof("operator started in %d ms (controller %s, SSA field manager \"%s\")", (System.nanoTime() - start) / 1_000_000,
                registered.getConfiguration().getName(), fieldManager);
        return this;
    }

    private LeaderElectionConfiguration leaderElection() {
        LeaderCallbacks callbacks = new LeaderCallbacks(leadershipsGained::incrementAndGet, () -> {
            leadershipsLost.incrementAndGet();
            LOG.warn("the in-JVM operator stopped leading");
        }, leader -> LOG.debugf("leader is %s", leader));
        return new LeaderElectionConfiguration(LeaderElection.LEASE_NAME, identity.namespace(), Duration.ofSeconds(15),
                Duration.ofSeconds(10), Duration.ofSeconds(2), LEADER_IDENTITY, callbacks, false);
    }

    public OperatorIdentity identity() {
        return identity;
    }

    public String leaderIdentity() {
        return LEADER_IDENTITY;
    }

    /** How often this JVM's operators lost the lease (each stop of a leading operator counts once). */
    public int leadershipsLost() {
        return leadershipsLost.get();
    }

    public int leadershipsGained() {
        return leadershipsGained.get();
    }

    public synchronized void stop() {
        if (operator != null) {
            operator.stop();
            operator = null;
            client = null;
            LOG.info("operator stopped");
        }
    }

    /** Stop, then start a new Operator: it re-lists everything and reconciles every gateway again. */
    public synchronized void restart() {
        stop();
        start();
    }

    public synchronized boolean isRunning() {
        return operator != null;
    }

    /** The server-side-apply field manager JOSDK uses for the controller (its configured fieldManager). */
    public String fieldManager() {
        return fieldManager;
    }

    public WriteCounter writes() {
        return writes;
    }

    public Reconciliations reconciliations() {
        return reconciliations;
    }
}
