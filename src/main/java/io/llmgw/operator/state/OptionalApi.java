package io.llmgw.operator.state;

import static io.llmgw.api.v1alpha1.ConditionTypes.DATABASE_READY;
import static io.llmgw.api.v1alpha1.ConditionTypes.MONITORING_CONFIGURED;
import static io.llmgw.api.v1alpha1.ConditionTypes.NETWORK_POLICY_APPLIED;
import static io.llmgw.api.v1alpha1.ConditionTypes.ROUTE_ACCEPTED;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.llmgw.model.GatewayModel;
import io.llmgw.operator.resource.BarmanObjectStore;
import io.llmgw.operator.resource.CiliumNetworkPolicy;
import io.llmgw.operator.resource.CnpgBackup;
import io.llmgw.operator.resource.CnpgCluster;
import io.llmgw.operator.resource.CnpgScheduledBackup;

/**
 * Every API the operator uses that a plain cluster does not have, declared once: the CRD, the product that
 * installs it, the feature of the spec that needs it, the object it would create, and the status condition that
 * reports it. The activation conditions, the missing-CRD check and the status are all derived from this list, so
 * a feature whose CRD is missing can never be reported ready.
 */
public enum OptionalApi {
    CNPG_CLUSTER(CnpgCluster.class, "CloudNativePG", DATABASE_READY, GatewayModel::managedDatabase,
            m -> "Cluster " + m.names().database()),
    CNPG_SCHEDULED_BACKUP(CnpgScheduledBackup.class, "CloudNativePG", DATABASE_READY, GatewayModel::backupEnabled,
            m -> "ScheduledBackup " + m.names().scheduledBackup()),
    CNPG_BACKUP(CnpgBackup.class, "CloudNativePG", DATABASE_READY, GatewayModel::backupBeforeUpgrade,
            m -> "the pre-upgrade Backup " + PreUpgradeBackup.backupName(m)),
    BARMAN_OBJECT_STORE(BarmanObjectStore.class, "The Barman Cloud plugin (plugin-barman-cloud)", DATABASE_READY,
            GatewayModel::backupPluginEnabled, m -> "ObjectStore " + m.names().objectStore() + " (backup.method BarmanCloudPlugin)"),
    HTTP_ROUTE(HTTPRoute.class, "Gateway API", ROUTE_ACCEPTED, GatewayModel::routeEnabled,
            m -> "HTTPRoute " + m.names().route() + " in namespace " + m.routeNamespace()),
    REFERENCE_GRANT(ReferenceGrant.class, "Gateway API", ROUTE_ACCEPTED, GatewayModel::crossNamespaceRoute,
            m -> "ReferenceGrant " + m.names().referenceGrant()),
    SERVICE_MONITOR(ServiceMonitor.class, "Prometheus Operator", MONITORING_CONFIGURED, GatewayModel::serviceMonitorEnabled,
            m -> "ServiceMonitor " + m.names().gateway()),
    POD_MONITOR(PodMonitor.class, "Prometheus Operator", MONITORING_CONFIGURED, GatewayModel::databasePodMonitorEnabled,
            m -> "PodMonitor " + m.names().database()),
    PROMETHEUS_RULE(PrometheusRule.class, "Prometheus Operator", MONITORING_CONFIGURED, GatewayModel::prometheusRulesEnabled,
            m -> "PrometheusRule " + m.names().gateway()),
    CILIUM_NETWORK_POLICY(CiliumNetworkPolicy.class, "Cilium", NETWORK_POLICY_APPLIED, GatewayModel::ciliumPolicyEnabled,
            m -> "CiliumNetworkPolicy " + m.names().egressPolicy());

    private final Class<? extends HasMetadata> type;
    private final String product;
    private final String condition;
    private final Predicate<GatewayModel> wanted;
    private final Function<GatewayModel, String> creates;

    OptionalApi(Class<? extends HasMetadata> type, String product, String condition, Predicate<GatewayModel> wanted,
            Function<GatewayModel, String> creates) {
        this.type = type;
        this.product = product;
        this.condition = condition;
        this.wanted = wanted;
        this.creates = creates;
    }

    /** The Java type of the objects the operator creates, as its dependent and informer use it. */
    public Class<? extends HasMetadata> type() {
        return type;
    }

    /** The apiVersion the operator writes, e.g. {@code postgresql.cnpg.io/v1}: the CRD must serve it. */
    public String apiVersion() {
        return HasMetadata.getApiVersion(type);
    }

    /** The resource name in that apiVersion, e.g. {@code clusters}. */
    public String plural() {
        return HasMetadata.getPlural(type);
    }

    /** The CRD's name, e.g. {@code clusters.postgresql.cnpg.io}. */
    public String crd() {
        return plural() + "." + HasMetadata.getGroup(type);
    }

    /** The status condition type that reports this API's feature. */
    public String condition() {
        return condition;
    }

    /** Whether this gateway's spec asks for the object of this API. */
    public boolean wantedBy(GatewayModel model) {
        return wanted.test(model);
    }

    /** The object this API's dependent creates for the gateway, e.g. "HTTPRoute llm in namespace web". */
    public String creates(GatewayModel model) {
        return creates.apply(model);
    }

    /** Why the feature cannot work, naming the CRD and the object it would create. */
    public String missingMessage(GatewayModel model) {
        return product + " is not installed (CRD " + crd() + " serving " + apiVersion() + " not found): " + creates(model) + " cannot be created";
    }

    /** The APIs this gateway needs that the cluster does not have (yet). */
    public static Set<OptionalApi> missingFor(GatewayModel model, KubernetesClient client, ApiAvailability availability) {
        Set<OptionalApi> missing = EnumSet.noneOf(OptionalApi.class);
        for (OptionalApi api : values()) {
            if (api.wantedBy(model) && !availability.isServed(client, api)) {
                missing.add(api);
            }
        }
        return missing;
    }
}
