package io.llmgw.it.support;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.llmgw.operator.LiteLLMGatewayReconciler;

/**
 * Runs the operator in the test JVM as plain JOSDK: the same reconciler class, read through the same
 * {@code @ControllerConfiguration}/{@code @Workflow} annotations the Quarkus extension reads, watching every
 * namespace. Its client is its own and counts every write request it sends ({@link #writes()}); a JOSDK metrics hook
 * records which gateways it reconciled ({@link #reconciliations()}).
 */
public final class OperatorRunner {
    private static final Logger LOG = Logger.getLogger(OperatorRunner.class);

    private final ControlPlane controlPlane;
    private final WriteCounter writes = new WriteCounter();
    private final Reconciliations reconciliations = new Reconciliations();
    private Operator operator;
    private KubernetesClient client;
    private String fieldManager;

    public OperatorRunner(ControlPlane controlPlane) {
        this.controlPlane = controlPlane;
    }

    public synchronized OperatorRunner start() {
        if (operator != null) {
            return this;
        }
        client = new KubernetesClientBuilder().withConfig(controlPlane.clientConfig())
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("llmgw-write-counter", writes))
                .build();
        Operator o = new Operator(overrider -> overrider.withKubernetesClient(client).withCloseClientOnStop(true)
                .withMetrics(reconciliations));
        var registered = o.register(new LiteLLMGatewayReconciler());
        fieldManager = registered.getConfiguration().fieldManager();
        long start = System.nanoTime();
        o.start();
        operator = o;
        LOG.infof("operator started in %d ms (controller %s, SSA field manager \"%s\")", (System.nanoTime() - start) / 1_000_000,
                registered.getConfiguration().getName(), fieldManager);
        return this;
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
