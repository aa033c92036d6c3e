package io.llmgw.api.v1alpha1;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Metrics, traces, logs and alerts of the gateway. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObservabilitySpec {
    public Prometheus prometheus;
    public OpenTelemetry openTelemetry;
    public Langfuse langfuse;
    public Alerting alerting;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Prometheus {
        @JsonPropertyDescription("Enable LiteLLM's prometheus callback and /metrics.")
        public boolean enabled;
        public ServiceMonitor serviceMonitor;
        @JsonPropertyDescription("Deliver a Grafana dashboard ConfigMap (label grafana_dashboard: \"1\").")
        public Boolean dashboard;
        @JsonPropertyDescription("Create a PrometheusRule with gateway alerts.")
        public Boolean alertRules;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ServiceMonitor {
        public boolean enabled;
        @Default("30s")
        @Pattern("^[0-9]+(ms|s|m|h)$")
        public String interval = "30s";
        @JsonPropertyDescription("Labels the Prometheus selects on, e.g. release: kube-prometheus-stack.")
        public Map<String, String> labels;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class OpenTelemetry {
        @Required
        @Pattern("^https?://.+")
        @JsonPropertyDescription("OTLP endpoint, e.g. http://tempo.monitoring.svc:4317.")
        public String endpoint;
        @Default("grpc")
        @Pattern("^(grpc|http/protobuf|http/json)$")
        public String protocol = "grpc";
        @JsonPropertyDescription("Secret key with OTLP headers (key=value,...), e.g. an auth token.")
        public SecretKeyRef headersSecretRef;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Langfuse {
        @Required
        @Pattern("^https?://.+")
        public String host;
        @Required
        public SecretKeyRef publicKeyRef;
        @Required
        public SecretKeyRef secretKeyRef;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Alerting {
        @Required
        @JsonPropertyDescription("Secret key with the webhook URL (Slack; Discord URLs end in /slack; Teams via a Slack-compatible workflow).")
        public SecretKeyRef webhookUrlSecretRef;
        @Min(1)
        @JsonPropertyDescription("Seconds before a hanging or slow request alerts (alerting_threshold).")
        public Integer threshold;
        @JsonPropertyDescription("Alert types, e.g. [llm_exceptions, budget_alerts, db_exceptions]; default all.")
        public List<String> alertTypes;
    }
}
