package io.llmgw.operator.dependent;

import static io.llmgw.TestGateways.litellm;
import static io.llmgw.TestGateways.prometheus;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.llmgw.TestGateways;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.Names;

class DashboardConfigMapDependentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCOPE = "namespace=\"ai-system\",service=\"litellm-metrics\"";
    private final DashboardConfigMapDependent dependent = new DashboardConfigMapDependent();

    private static LiteLLMGateway withDashboard() {
        LiteLLMGateway gw = litellm();
        prometheus(gw).dashboard = true;
        return gw;
    }

    private static JsonNode dashboard(ConfigMap cm) throws IOException {
        assertThat(cm.getData()).containsOnlyKeys("ai-system-litellm.json");
        return JSON.readTree(cm.getData().get("ai-system-litellm.json"));
    }

    private static List<JsonNode> targets(JsonNode dashboard) {
        List<JsonNode> targets = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            panel.path("targets").forEach(targets::add);
        }
        return targets;
    }

    @Test
    void configMapTheGrafanaSidecarPicksUp() {
        ConfigMap cm = dependent.desired(TestGateways.model(withDashboard()));

        assertThat(cm.getMetadata().getName()).isEqualTo("litellm-dashboard");
        assertThat(cm.getMetadata().getNamespace()).isEqualTo("ai-system");
        assertThat(cm.getMetadata().getLabels())
                .containsEntry("grafana_dashboard", "1")
                .containsEntry("app.kubernetes.io/managed-by", Names.MANAGED_BY)
                .containsEntry("app.kubernetes.io/instance", "litellm")
                .containsEntry(Names.COMPONENT_LABEL, Names.MONITORING)
                .containsEntry(Names.GATEWAY_LABEL, "litellm");
        assertThat(cm.getMetadata().getAnnotations()).containsEntry("grafana_folder", "LiteLLM");
    }

    @Test
    void templateOnTheClasspathIsJson() throws IOException {
        try (InputStream in = DashboardConfigMapDependent.class.getResourceAsStream(DashboardConfigMapDependent.TEMPLATE)) {
            assertThat(in).isNotNull();
            JsonNode template = JSON.readTree(in);
            assertThat(template.get("panels").size()).isGreaterThan(10);
        }
    }

    @Test
    void dashboardIsJsonForThisGateway() throws IOException {
        ConfigMap cm = dependent.desired(TestGateways.model(withDashboard()));
        String text = cm.getData().get("ai-system-litellm.json");
        assertThat(text).doesNotContain("@@");
        JsonNode dashboard = dashboard(cm);

        assertThat(dashboard.get("schemaVersion").asInt()).isGreaterThanOrEqualTo(39);
        assertThat(dashboard.get("title").asText()).isEqualTo("LiteLLM gateway ai-system/litellm");
        assertThat(dashboard.get("uid").asText()).startsWith("llmgw-").hasSizeLessThanOrEqualTo(40);
        assertThat(dashboard.has("id")).as("no id: Grafana assigns it").isFalse();
        JsonNode datasource = dashboard.at("/templating/list/0");
        assertThat(datasource.get("name").asText()).isEqualTo("datasource");
        assertThat(datasource.get("type").asText()).isEqualTo("datasource");
        assertThat(datasource.get("query").asText()).isEqualTo("prometheus");

        List<Integer> ids = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            ids.add(panel.get("id").asInt());
            if (!"row".equals(panel.get("type").asText())) {
                assertThat(panel.at("/datasource/uid").asText()).as(panel.get("title").asText()).isEqualTo("${datasource}");
                assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            }
        }
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void everyQueryIsScopedToThisGatewayAndUsesRealMetrics() throws IOException {
        List<JsonNode> targets = targets(dashboard(dependent.desired(TestGateways.model(withDashboard()))));
        assertThat(targets).hasSizeGreaterThan(20);
        List<String> problems = new ArrayList<>();
        for (JsonNode target : targets) {
            assertThat(target.at("/datasource/uid").asText()).isEqualTo("${datasource}");
            problems.addAll(PromQLChecks.problems(target.get("expr").asText(), SCOPE));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void eachGatewayHasItsOwnUidAndFile() {
        LiteLLMGateway other = withDashboard();
        other.getMetadata().setNamespace("team-b");
        ConfigMap a = dependent.desired(TestGateways.model(withDashboard()));
        ConfigMap b = dependent.desired(TestGateways.model(other));

        assertThat(b.getData()).containsOnlyKeys("team-b-litellm.json");
        assertThat(b.getData().get("team-b-litellm.json")).contains("namespace=\\\"team-b\\\",service=\\\"litellm-metrics\\\"")
                .doesNotContain("ai-system");
        assertThat(DashboardConfigMapDependent.uid(Names.of(other)))
                .isNotEqualTo(DashboardConfigMapDependent.uid(Names.of(withDashboard())));
        assertThat(a.getData().get("ai-system-litellm.json"))
                .as("rendering is deterministic").isEqualTo(dependent.desired(TestGateways.model(withDashboard())).getData()
                        .get("ai-system-litellm.json"));
    }

    @Test
    void enabledOnlyWithPrometheusAndTheDashboardOn() {
        LiteLLMGateway gw = litellm();
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
        prometheus(gw);
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
        prometheus(gw).dashboard = false;
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
        prometheus(gw).dashboard = true;
        assertThat(dependent.enabled(TestGateways.model(gw))).isTrue();
        prometheus(gw).enabled = false;
        assertThat(dependent.enabled(TestGateways.model(gw))).isFalse();
    }
}
