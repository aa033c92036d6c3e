package io.llmgw.operator.condition;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.llmgw.api.v1alpha1.LiteLLMGateway;

/**
 * Activation condition for dependents whose kind comes from an optional CRD: while the CRD is absent the
 * dependent is neither reconciled nor deleted, and its informer is not started (no crash at start-up).
 */
public abstract class CrdInstalled implements Condition<Object, LiteLLMGateway> {
    public static final String CNPG_CLUSTERS = "clusters.postgresql.cnpg.io";
    public static final String CNPG_SCHEDULED_BACKUPS = "scheduledbackups.postgresql.cnpg.io";
    public static final String CILIUM_POLICIES = "ciliumnetworkpolicies.cilium.io";
    public static final String HTTP_ROUTES = "httproutes.gateway.networking.k8s.io";
    public static final String REFERENCE_GRANTS = "referencegrants.gateway.networking.k8s.io";
    public static final String SERVICE_MONITORS = "servicemonitors.monitoring.coreos.com";
    public static final String POD_MONITORS = "podmonitors.monitoring.coreos.com";
    public static final String PROMETHEUS_RULES = "prometheusrules.monitoring.coreos.com";

    private final String crdName;

    protected CrdInstalled(String crdName) {
        this.crdName = crdName;
    }

    @Override
    public boolean isMet(DependentResource<Object, LiteLLMGateway> dependent, LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        return ApiAvailability.isInstalled(context.getClient(), crdName);
    }

    public static class CnpgCluster extends CrdInstalled {
        public CnpgCluster() {
            super(CNPG_CLUSTERS);
        }
    }

    public static class CnpgScheduledBackup extends CrdInstalled {
        public CnpgScheduledBackup() {
            super(CNPG_SCHEDULED_BACKUPS);
        }
    }

    public static class CiliumPolicy extends CrdInstalled {
        public CiliumPolicy() {
            super(CILIUM_POLICIES);
        }
    }

    public static class HttpRoute extends CrdInstalled {
        public HttpRoute() {
            super(HTTP_ROUTES);
        }
    }

    public static class ReferenceGrant extends CrdInstalled {
        public ReferenceGrant() {
            super(REFERENCE_GRANTS);
        }
    }

    public static class ServiceMonitor extends CrdInstalled {
        public ServiceMonitor() {
            super(SERVICE_MONITORS);
        }
    }

    public static class PodMonitor extends CrdInstalled {
        public PodMonitor() {
            super(POD_MONITORS);
        }
    }

    public static class PrometheusRule extends CrdInstalled {
        public PrometheusRule() {
            super(PROMETHEUS_RULES);
        }
    }
}
