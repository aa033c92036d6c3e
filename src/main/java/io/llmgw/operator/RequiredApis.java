package io.llmgw.operator;

import java.util.Set;
import java.util.TreeSet;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.llmgw.model.GatewayModel;
import io.llmgw.operator.condition.ApiAvailability;
import io.llmgw.operator.condition.CrdInstalled;
import io.llmgw.operator.dependent.PrometheusRuleDependent;

/** The optional CRDs this gateway's spec needs that the cluster does not have (yet). */
final class RequiredApis {
    private RequiredApis() {
    }

    static Set<String> missing(GatewayModel model, KubernetesClient client) {
        Set<String> wanted = new TreeSet<>();
        if (model.managedDatabase()) {
            wanted.add(CrdInstalled.CNPG_CLUSTERS);
        }
        if (model.backupEnabled()) {
            wanted.add(CrdInstalled.CNPG_SCHEDULED_BACKUPS);
        }
        if (model.routeEnabled()) {
            wanted.add(CrdInstalled.HTTP_ROUTES);
            if (model.crossNamespaceRoute()) {
                wanted.add(CrdInstalled.REFERENCE_GRANTS);
            }
        }
        if (model.databasePodMonitorEnabled()) {
            wanted.add(CrdInstalled.POD_MONITORS);
        }
        if (model.serviceMonitorEnabled()) {
            wanted.add(CrdInstalled.SERVICE_MONITORS);
        }
        if (PrometheusRuleDependent.wanted(model)) {
            wanted.add(CrdInstalled.PROMETHEUS_RULES);
        }
        if (model.ciliumPolicyEnabled()) {
            wanted.add(CrdInstalled.CILIUM_POLICIES);
        }
        wanted.removeIf(crd -> ApiAvailability.isInstalled(client, crd));
        return wanted;
    }
}
