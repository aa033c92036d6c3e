package io.llmgw.operator.dependent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRuleBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.llmgw.model.BackupAge;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;

/**
 * Alerts on the gateway's own metrics, each scoped to this gateway's series: the proxy is not scraped (down),
 * too many failed requests, a team or API key budget used up, a deployment repeatedly cooled down by the router,
 * a proxy pod restarting or OOM-killed (kube-state-metrics) and, with a managed database, a CloudNativePG instance
 * whose Postgres is down. Carries the ServiceMonitor labels of the spec (e.g. release: kube-prometheus-stack), which Prometheus usually selects rules by as well.
 * Metric names are those of LiteLLM's prometheus callback (counters exposed with the _total suffix).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class PrometheusRuleDependent extends GatewayResource<PrometheusRule> {
    public static final String GROUP = "litellm-gateway.rules";
    public static final String RUNBOOKS = "docs/operations.md#";
    public static final String GATEWAY_DOWN = "LiteLLMGatewayDown";
    public static final String HIGH_ERROR_RATE = "LiteLLMHighErrorRate";
    public static final String BUDGET_EXHAUSTED = "LiteLLMBudgetExhausted";
    public static final String DEPLOYMENT_COOLED_DOWN = "LiteLLMDeploymentCooledDown";
    public static final String DATABASE_NOT_READY = "LiteLLMDatabaseNotReady";
    public static final String POD_RESTARTING = "LiteLLMGatewayPodRestarting";
    public static final String POD_OOM_KILLED = "LiteLLMGatewayOOMKilled";
    public static final String BACKUP_TOO_OLD = "LiteLLMBackupTooOld";
    public static final String WAL_ARCHIVING_FAILING = "LiteLLMWalArchivingFailing";
    /** CloudNativePG's gauge of the last backup (in-tree method; the Cluster status field behind it is deprecated). */
    static final String IN_TREE_LAST_BACKUP = "cnpg_collector_last_available_backup_timestamp";
    /** The same gauge from the Barman Cloud plugin, exported through the instances' metrics endpoint. */
    static final String PLUGIN_LAST_BACKUP = "barman_cloud_cloudnative_pg_io_last_available_backup_timestamp";
    /** Share of failed requests above which LiteLLMHighErrorRate fires. */
    public static final double ERROR_RATIO = 0.05;

    public PrometheusRuleDependent() {
        super(PrometheusRule.class);
    }

    @Override
    public boolean enabled(GatewayModel model) {
        return model.prometheusRulesEnabled();
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().gateway();
    }

    @Override
    public PrometheusRule desired(GatewayModel model) {
        Names names = model.names();
        ObjectMeta meta = Meta.of(model, name(model), Names.MONITORING);
        var serviceMonitor = model.spec().observability.prometheus.serviceMonitor;
        if (serviceMonitor != null && serviceMonitor.labels != null) {
            // The standard labels win: the informer selects on managed-by.
            serviceMonitor.labels.forEach(meta.getLabels()::putIfAbsent);
        }
        return new PrometheusRuleBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .addNewGroup().withName(GROUP).withRules(rules(model)).endGroup()
                .endSpec()
                .build();
    }

    static List<Rule> rules(GatewayModel model) {
        Names names = model.names();
        String gw = PromQL.gateway(names);
        String where = names.namespace() + "/" + names.gateway();
        List<Rule> rules = new ArrayList<>();
        String up = "up{" + gw + ",job=\"" + names.metricsService() + "\"}";
        rules.add(alert(GATEWAY_DOWN, "max by (namespace, service) (" + up + ") == 0 or absent(" + up + ")", "5m", "critical",
                "LiteLLM gateway " + where + " is down",
                "Prometheus has not scraped any proxy pod of the gateway " + where + " for 5 minutes: no replica is up,"
                        + " or the metrics port is not reachable (ServiceMonitor, metrics Service, network policy)."));
        rules.add(alert(HIGH_ERROR_RATE,
                "sum by (namespace, service) (rate(litellm_proxy_failed_requests_metric_total{" + gw + "}[5m]))"
                        + " / sum by (namespace, service) (rate(litellm_proxy_total_requests_metric_total{" + gw + "}[5m]))"
                        + " > " + ERROR_RATIO,
                "10m", "warning", "LiteLLM gateway " + where + " fails more than 5% of requests",
                "{{ $value | humanizePercentage }} of the requests to the gateway " + where
                        + " failed over the last 5 minutes (litellm_proxy_failed_requests_metric, by exception_status)."));
        rules.add(alert(BUDGET_EXHAUSTED,
                "(min by (namespace, service, team, team_alias) (litellm_remaining_team_budget_metric{" + gw + "}) <= 0)"
                        + " or (min by (namespace, service, hashed_api_key, api_key_alias)"
                        + " (litellm_remaining_api_key_budget_metric{" + gw + "}) <= 0)",
                "5m", "warning", "A LiteLLM budget of the gateway " + where + " is exhausted",
                "The budget of {{ if $labels.team }}team {{ $labels.team_alias }} ({{ $labels.team }}){{ else }}API key"
                        + " {{ $labels.api_key_alias }} ({{ $labels.hashed_api_key }}){{ end }} on the gateway " + where
                        + " is used up ({{ $value }} left): its requests are refused until the budget resets or is raised."));
        rules.add(alert(DEPLOYMENT_COOLED_DOWN,
                "sum by (namespace, service, litellm_model_name, model_id) (increase(litellm_deployment_cooled_down_total{" + gw
                        + "}[10m])) > 0",
                "10m", "warning", "A model deployment of the gateway " + where + " keeps being cooled down",
                "The router of the gateway " + where + " has kept putting {{ $labels.litellm_model_name }} (model id "
                        + "{{ $labels.model_id }}) in cooldown for 10 minutes: the provider keeps failing or rate limiting."));
        // From kube-state-metrics (kube-prometheus-stack ships it): the proxy's restarts and OOM kills, which the
        // gateway's own /metrics cannot report, since a killed process serves none.
        String proxy = PromQL.proxyContainer(names);
        String restarts = "increase(kube_pod_container_status_restarts_total{" + proxy + "}[15m])";
        rules.add(alert(POD_RESTARTING, "sum by (namespace, pod) (" + restarts + ") > 2", "5m", "warning",
                "A LiteLLM pod of the gateway " + where + " keeps restarting",
                "{{ $labels.pod }} of the gateway " + where + " restarted {{ $value | humanize }} times in 15 minutes:"
                        + " crash loop or failing liveness probe. The gateway's PodsHealthy condition names the reason."));
        rules.add(alert(POD_OOM_KILLED,
                "(max by (namespace, pod) (kube_pod_container_status_last_terminated_reason{" + proxy + ",reason=\"OOMKilled\"}) == 1)"
                        + " and on (namespace, pod) (sum by (namespace, pod) (" + restarts + ") > 0)",
                "0m", "warning", "A LiteLLM pod of the gateway " + where + " was OOM-killed",
                "{{ $labels.pod }} of the gateway " + where + " was killed for exceeding its memory limit in the last 15"
                        + " minutes. Raise spec.resources.limits.memory, or lower workers or the in-memory cache."));
        if (model.managedDatabase()) {
            rules.add(alert(DATABASE_NOT_READY, "cnpg_collector_up{" + PromQL.database(names) + "} == 0", "5m", "warning",
                    "Database of the LiteLLM gateway " + where + " is not ready",
                    "Postgres on {{ $labels.pod }} of the CloudNativePG cluster " + names.database() + " has been down for"
                            + " 5 minutes (cnpg_collector_up == 0)."));
        }
        if (model.backupEnabled()) {
            rules.addAll(backupRules(model));
        }
        return rules;
    }

    /** Backups older than the schedule allows, and WAL archiving failing (Postgres's pg_stat_archiver as CloudNativePG exports it). */
    private static List<Rule> backupRules(GatewayModel model) {
        Names names = model.names();
        String db = PromQL.database(names);
        String where = names.namespace() + "/" + names.gateway();
        List<Rule> rules = new ArrayList<>();
        BackupAge.allowed(model.spec().backup).ifPresent(allowed -> {
            String metric = model.backupPluginEnabled() ? PLUGIN_LAST_BACKUP : IN_TREE_LAST_BACKUP;
            // 0 before the first backup: then the age is "since 1970" and the alert fires once `for` passes without one.
            rules.add(alert(BACKUP_TOO_OLD, "time() - max by (namespace, cluster) (" + metric + "{" + db + "}) > " + allowed.toSeconds(),
                    "30m", "warning", "Backups of the LiteLLM gateway " + where + " are older than the schedule allows",
                    "The last backup of the CloudNativePG cluster " + names.database() + " is {{ $value | humanizeDuration }} old;"
                            + " the schedule \"" + (model.spec().backup.schedule != null ? model.spec().backup.schedule : "0 0 2 * * *") + "\" allows " + allowed.toHours() + "h. The gateway's"
                            + " BackupHealthy condition says why."));
        });
        rules.add(alert(WAL_ARCHIVING_FAILING,
                "(cnpg_pg_stat_archiver_last_failed_time{" + db + "} - cnpg_pg_stat_archiver_last_archived_time{" + db + "}) > 1",
                "5m", "warning", "WAL archiving of the LiteLLM gateway " + where + " fails",
                "{{ $labels.pod }} of the CloudNativePG cluster " + names.database() + " fails to archive WAL to the object store:"
                        + " point-in-time recovery stops at the last archived segment and WAL piles up on the volume."));
        return rules;
    }

    private static Rule alert(String name, String expr, String forDuration, String severity, String summary, String description) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary);
        annotations.put("description", description);
        annotations.put("runbook_url", RUNBOOKS + name.toLowerCase(java.util.Locale.ROOT));
        return new RuleBuilder()
                .withAlert(name)
                .withExpr(new IntOrString(expr))
                .withFor(forDuration)
                .withLabels(Map.of("severity", severity))
                .withAnnotations(annotations)
                .build();
    }
}
