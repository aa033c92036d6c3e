package io.llmgw.operator.dependent;

import static io.llmgw.TestGateways.litellm;
import static io.llmgw.TestGateways.prometheus;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.DatabaseSpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.ObservabilitySpec;
import io.llmgw.model.Names;
import io.llmgw.testing.CrdSchema;

class PrometheusRuleDependentTest {
    private static final String SCOPE = "namespace=\"ai-system\",service=\"litellm-metrics\"";
    private static final String DB_SCOPE = "namespace=\"ai-system\",cluster=\"litellm-db\"";
    private static final String POD_SCOPE = "namespace=\"ai-system\",container=\"litellm\",pod=~\"litellm-[a-z0-9]+-[a-z0-9]+\"";
    private final PrometheusRuleDependent dependent = new PrometheusRuleDependent();

    private static LiteLLMGateway withRules() {
        LiteLLMGateway gw = litellm();
        prometheus(gw).alertRules = true;
        return gw;
    }

    private static LiteLLMGateway withManagedDatabase(LiteLLMGateway gw) {
        gw.getSpec().database = new DatabaseSpec();
        gw.getSpec().database.type = DatabaseSpec.CLOUDNATIVEPG;
        return gw;
    }

    private static Map<String, Rule> alerts(PrometheusRule rule) {
        assertThat(rule.getSpec().getGroups()).singleElement()
                .satisfies(g -> assertThat(g.getName()).isEqualTo("litellm-gateway.rules"));
        return rule.getSpec().getGroups().get(0).getRules().stream()
                .collect(Collectors.toMap(Rule::getAlert, r -> r, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    @Test
    void namedAfterTheGatewayWithTheLabelsPrometheusSelects() {
        LiteLLMGateway gw = withRules();
        ObservabilitySpec.ServiceMonitor sm = new ObservabilitySpec.ServiceMonitor();
        sm.enabled = true;
        sm.labels = Map.of("release", "kube-prometheus-stack", "app.kubernetes.io/managed-by", "helm");
        prometheus(gw).serviceMonitor = sm;
        PrometheusRule rule = dependent.desired(TestGateways.model(gw));

        assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.getKind()).isEqualTo("PrometheusRule");
        assertThat(rule.getMetadata().getName()).isEqualTo("litellm");
        assertThat(rule.getMetadata().getNamespace()).isEqualTo("ai-system");
        assertThat(rule.getMetadata().getLabels())
                .containsEntry("release", "kube-prometheus-stack")
                .containsEntry("app.kubernetes.io/managed-by", Names.MANAGED_BY)
                .containsEntry(Names.COMPONENT_LABEL, Names.MONITORING)
                .containsEntry(Names.GATEWAY_LABEL, "litellm");
        assertThat(new ServiceMonitorDependent().desired(TestGateways.model(gw)).getMetadata().getLabels())
                .as("the same labels as the ServiceMonitor").isEqualTo(rule.getMetadata().getLabels());
    }

    @Test
    void gatewayAlertsWithoutADatabase() {
        Map<String, Rule> alerts = alerts(dependent.desired(TestGateways.model(withRules())));

        assertThat(alerts.keySet()).containsExactly("LiteLLMGatewayDown", "LiteLLMHighErrorRate", "LiteLLMBudgetExhausted",
                "LiteLLMDeploymentCooledDown", "LiteLLMGatewayPodRestarting", "LiteLLMGatewayOOMKilled");
        Rule down = alerts.get("LiteLLMGatewayDown");
        assertThat(down.getExpr().getStrVal()).isEqualTo(
                "max by (namespace, service) (up{" + SCOPE + ",job=\"litellm-metrics\"}) == 0 or absent(up{" + SCOPE + ",job=\"litellm-metrics\"})");
        assertThat(down.getFor()).isEqualTo("5m");
        assertThat(down.getLabels()).containsEntry("severity", "critical");
        Rule errors = alerts.get("LiteLLMHighErrorRate");
        assertThat(errors.getExpr().getStrVal()).contains("litellm_proxy_failed_requests_metric_total{" + SCOPE + "}[5m]")
                .contains("litellm_proxy_total_requests_metric_total{" + SCOPE + "}[5m]").endsWith(" > 0.05");
        assertThat(errors.getFor()).isEqualTo("10m");
        assertThat(errors.getLabels()).containsEntry("severity", "warning");
        assertThat(alerts.get("LiteLLMBudgetExhausted").getExpr().getStrVal())
                .contains("litellm_remaining_team_budget_metric{" + SCOPE + "}) <= 0")
                .contains("litellm_remaining_api_key_budget_metric{" + SCOPE + "}) <= 0");
    }

    @Test
    void managedDatabaseAddsTheCnpgAlert() {
        Map<String, Rule> alerts = alerts(dependent.desired(TestGateways.model(withManagedDatabase(withRules()))));

        Rule db = alerts.get("LiteLLMDatabaseNotReady");
        assertThat(db).isNotNull();
        assertThat(db.getExpr().getStrVal()).isEqualTo("cnpg_collector_up{" + DB_SCOPE + "} == 0");
        assertThat(db.getFor()).isEqualTo("5m");
        assertThat(PromQLChecks.problems(db.getExpr().getStrVal(), DB_SCOPE)).isEmpty();
    }

    private static LiteLLMGateway withBackups(String method) {
        LiteLLMGateway gw = TestGateways.withBackup(withManagedDatabase(withRules()));
        gw.getSpec().backup.method = method;
        return gw;
    }

    @Test
    void backupsAddTheirAlertsWithTheMetricOfTheirMethod() {
        assertThat(alerts(dependent.desired(TestGateways.model(withManagedDatabase(withRules()))))).as("no backups, no backup alerts")
                .doesNotContainKeys("LiteLLMBackupTooOld", "LiteLLMWalArchivingFailing");

        Map<String, Rule> inTree = alerts(dependent.desired(TestGateways.model(withBackups("BarmanObjectStore"))));
        // Daily at 02:00: 24 h between runs plus 2 h.
        assertThat(inTree.get("LiteLLMBackupTooOld").getExpr().getStrVal()).isEqualTo(
                "time() - max by (namespace, cluster) (cnpg_collector_last_available_backup_timestamp{" + DB_SCOPE + "}) > 93600");
        assertThat(inTree.get("LiteLLMWalArchivingFailing").getExpr().getStrVal()).isEqualTo("(cnpg_pg_stat_archiver_last_failed_time{"
                + DB_SCOPE + "} - cnpg_pg_stat_archiver_last_archived_time{" + DB_SCOPE + "}) > 1");

        Map<String, Rule> plugin = alerts(dependent.desired(TestGateways.model(withBackups("BarmanCloudPlugin"))));
        assertThat(plugin.get("LiteLLMBackupTooOld").getExpr().getStrVal())
                .contains("barman_cloud_cloudnative_pg_io_last_available_backup_timestamp{" + DB_SCOPE + "}");

        LiteLLMGateway weekly = withBackups("BarmanCloudPlugin");
        weekly.getSpec().backup.schedule = "0 0 3 * * SUN";
        assertThat(alerts(dependent.desired(TestGateways.model(weekly))).get("LiteLLMBackupTooOld").getExpr().getStrVal())
                .endsWith("> " + (7 * 24 + 2) * 3600);
    }

    @Test
    void backupAlertsAreScopedHaveRunbooksAndMatchTheUpstreamCrd() throws IOException {
        String operations = Files.readString(Path.of("docs/operations.md"));
        for (String method : List.of("BarmanObjectStore", "BarmanCloudPlugin")) {
            PrometheusRule rule = dependent.desired(TestGateways.model(withBackups(method)));
            for (String name : List.of("LiteLLMBackupTooOld", "LiteLLMWalArchivingFailing")) {
                Rule alert = alerts(rule).get(name);
                assertThat(PromQLChecks.problems(alert.getExpr().getStrVal(), DB_SCOPE)).as(name).isEmpty();
                assertThat(operations).as("runbook of " + name).contains("### " + name);
            }
            CrdSchema.load("prometheusrules.monitoring.coreos.com", "v1").assertValid(rule);
        }
    }

    @Test
    void everyExpressionIsScopedToThisGatewayAndUsesRealMetrics() {
        List<String> problems = new ArrayList<>();
        for (Rule rule : alerts(dependent.desired(TestGateways.model(withManagedDatabase(withRules())))).values()) {
            String scope = switch (rule.getAlert()) {
                case "LiteLLMDatabaseNotReady" -> DB_SCOPE;
                case "LiteLLMGatewayPodRestarting", "LiteLLMGatewayOOMKilled" -> POD_SCOPE;
                default -> SCOPE;
            };
            problems.addAll(PromQLChecks.problems(rule.getExpr().getStrVal(), scope));
            problems.addAll(PromQLChecks.bracketProblems(rule.getAnnotations().get("description").replace("{{", "(").replace("}}", ")")));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyAlertHasSeverityAndAnnotationsWithARunbookThatExists() throws IOException {
        String operations = Files.readString(Path.of("docs/operations.md"));
        Set<String> anchors = operations.lines().filter(l -> l.startsWith("#")).map(l -> l.replaceFirst("^#+\\s*", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-')).collect(Collectors.toSet());
        for (Rule rule : alerts(dependent.desired(TestGateways.model(withManagedDatabase(withRules())))).values()) {
            assertThat(rule.getLabels().get("severity")).as(rule.getAlert()).isIn("critical", "warning");
            assertThat(rule.getFor()).as(rule.getAlert()).matches("[0-9]+m");
            assertThat(rule.getAnnotations()).as(rule.getAlert()).containsKeys("summary", "description", "runbook_url");
            assertThat(rule.getAnnotations().get("summary")).contains("ai-system/litellm");
            String runbook = rule.getAnnotations().get("runbook_url");
            assertThat(runbook).isEqualTo("docs/operations.md#" + rule.getAlert().toLowerCase(Locale.ROOT));
            assertThat(anchors).as("docs/operations.md has a section %s", rule.getAlert())
                    .contains(runbook.substring(runbook.indexOf('#') + 1));
        }
    }

    @Test
    void everyFieldExistsInTheUpstreamCrd() {
        CrdSchema schema = CrdSchema.load("prometheusrules.monitoring.coreos.com", "v1");
        schema.assertValid(dependent.desired(TestGateways.model(withRules())));
        LiteLLMGateway full = withManagedDatabase(withRules());
        ObservabilitySpec.ServiceMonitor sm = new ObservabilitySpec.ServiceMonitor();
        sm.enabled = true;
        sm.labels = Map.of("release", "kube-prometheus-stack");
        prometheus(full).serviceMonitor = sm;
        schema.assertValid(dependent.desired(TestGateways.model(full)));
    }

    @Test
    void enabledOnlyWithPrometheusAndAlertRulesOn() {
        LiteLLMGateway gw = litellm();
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
        prometheus(gw);
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
        prometheus(gw).alertRules = false;
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
        prometheus(gw).alertRules = true;
        assertThat(dependent.enabled(TestGateways.model(gw))).isTrue();
        prometheus(gw).enabled = false;
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
    }

    @Test
    void podAlertsSelectTheProxyContainerOfThisGatewayOnly() {
        Map<String, Rule> alerts = alerts(dependent.desired(TestGateways.model(withRules())));
        java.util.regex.Pattern pods = java.util.regex.Pattern.compile("litellm-[a-z0-9]+-[a-z0-9]+");
        assertThat(pods.matcher("litellm-7d9f8b6c5d-x2x4z").matches()).as("a proxy pod").isTrue();
        assertThat(pods.matcher("litellm-cache-7d9f8b6c5d-x2x4z").matches()).as("the cache's pod").isFalse();
        assertThat(alerts.get("LiteLLMGatewayPodRestarting").getExpr().getStrVal())
                .isEqualTo("sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total{" + POD_SCOPE + "}[15m])) > 2");
        assertThat(alerts.get("LiteLLMGatewayOOMKilled").getExpr().getStrVal())
                .contains("kube_pod_container_status_last_terminated_reason{" + POD_SCOPE + ",reason=\"OOMKilled\"}");
    }
}
