package io.llmgw.operator.condition;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.operator.state.ApiAvailability;
import io.llmgw.operator.state.OptionalApi;

/**
 * Activation condition for dependents whose kind comes from an optional CRD ({@link OptionalApi}): while the CRD
 * is absent the dependent is neither reconciled nor deleted, and its informer is not started (no crash at
 * start-up). One subclass per API only because the workflow annotation names a class.
 */
public abstract class CrdInstalled implements Condition<Object, LiteLLMGateway> {
    private final OptionalApi api;

    protected CrdInstalled(OptionalApi api) {
        this.api = api;
    }

    @Override
    public boolean isMet(DependentResource<Object, LiteLLMGateway> dependent, LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        return ApiAvailability.of(context).isServed(context.getClient(), api);
    }

    public static class CnpgCluster extends CrdInstalled {
        public CnpgCluster() {
            super(OptionalApi.CNPG_CLUSTER);
        }
    }

    public static class CnpgScheduledBackup extends CrdInstalled {
        public CnpgScheduledBackup() {
            super(OptionalApi.CNPG_SCHEDULED_BACKUP);
        }
    }

    public static class CnpgBackup extends CrdInstalled {
        public CnpgBackup() {
            super(OptionalApi.CNPG_BACKUP);
        }
    }

    public static class ObjectStore extends CrdInstalled {
        public ObjectStore() {
            super(OptionalApi.BARMAN_OBJECT_STORE);
        }
    }

    public static class CiliumPolicy extends CrdInstalled {
        public CiliumPolicy() {
            super(OptionalApi.CILIUM_NETWORK_POLICY);
        }
    }

    public static class HttpRoute extends CrdInstalled {
        public HttpRoute() {
            super(OptionalApi.HTTP_ROUTE);
        }
    }

    public static class ReferenceGrant extends CrdInstalled {
        public ReferenceGrant() {
            super(OptionalApi.REFERENCE_GRANT);
        }
    }

    public static class ServiceMonitor extends CrdInstalled {
        public ServiceMonitor() {
            super(OptionalApi.SERVICE_MONITOR);
        }
    }

    public static class PodMonitor extends CrdInstalled {
        public PodMonitor() {
            super(OptionalApi.POD_MONITOR);
        }
    }

    public static class PrometheusRule extends CrdInstalled {
        public PrometheusRule() {
            super(OptionalApi.PROMETHEUS_RULE);
        }
    }
}
