package io.llmgw.it.support;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.llmgw.model.RoutePolicy;

/**
 * The integration tier's shared world, built once per JVM: one API server with the project CRD and every upstream
 * CRD installed, and one operator watching all namespaces as the ServiceAccount of {@code deploy/operator}. Each test class works in its own namespace.
 */
public final class ItEnvironment {
    private static final Logger LOG = Logger.getLogger(ItEnvironment.class);
    private static ItEnvironment instance;
    /** The operator setting the test operator runs with: namespaces created by createNamespace("route"). */
    public static final String ROUTE_NAMESPACES = "route-*";

    private final ControlPlane controlPlane;
    private final OperatorRunner operator;

    private ItEnvironment() {
        long start = System.nanoTime();
        // Examples route into a namespace of their own, created per test with this prefix (ExampleGateway): open
        // those, and only those, to routes from other namespaces, as a cluster admin would open a shared one.
        System.setProperty(RoutePolicy.PROPERTY, ROUTE_NAMESPACES);
        controlPlane = ControlPlane.get();
        Crds.installProject(controlPlane.client());
        Crds.installAllUpstream(controlPlane.client());
        operator = new OperatorRunner(controlPlane, OperatorIdentity.install(controlPlane)).start();
        LOG.infof("integration environment ready in %d s", (System.nanoTime() - start) / 1_000_000_000L);
    }

    public static synchronized ItEnvironment get() {
        if (instance == null) {
            instance = new ItEnvironment();
        }
        return instance;
    }

    public ControlPlane controlPlane() {
        return controlPlane;
    }

    /** The test code's client (not counted as operator writes). */
    public KubernetesClient client() {
        return controlPlane.client();
    }

    /** The shared operator; a test that stops it must start it again. */
    public OperatorRunner operator() {
        return operator.start();
    }
}
