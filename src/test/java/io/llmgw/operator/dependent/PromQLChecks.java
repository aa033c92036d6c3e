package io.llmgw.operator.dependent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Offline sanity checks of PromQL written by the operator: brackets balance (outside string literals), every
 * vector selector names a metric we know exists and is scoped by the expected label matchers.
 */
final class PromQLChecks {
    /**
     * Series names as exposed by LiteLLM 1.108.7 (the pinned release, scripts/provision-litellm.sh): read from the
     * registry of its PrometheusLogger (litellm/integrations/prometheus.py). Counters gain _total, histograms
     * _bucket/_sum/_count. Plus Prometheus' own {@code up}, CloudNativePG's {@code cnpg_collector_up} and the two
     * kube-state-metrics series of a container's restarts and last termination reason. For backups: CloudNativePG
     * 1.30's collector gauge of the last backup (pkg/management/postgres/webserver/metricserver/pg_collector.go) and
     * its pg_stat_archiver query (config/manager/default-monitoring.yaml), and the Barman Cloud plugin 0.15's gauge
     * (internal/cnpgi/instance/metrics.go: the plugin name with dots and dashes as underscores).
     */
    static final Set<String> KNOWN_METRICS = Set.of(
            "up", "cnpg_collector_up", "kube_pod_container_status_restarts_total", "kube_pod_container_status_last_terminated_reason",
            "litellm_proxy_total_requests_metric_total", "litellm_proxy_failed_requests_metric_total",
            "litellm_request_total_latency_metric_bucket", "litellm_llm_api_latency_metric_bucket",
            "litellm_llm_api_time_to_first_token_metric_bucket", "litellm_overhead_latency_metric_bucket",
            "litellm_spend_metric_total", "litellm_total_tokens_metric_total", "litellm_input_tokens_metric_total",
            "litellm_output_tokens_metric_total", "litellm_cache_hits_metric_total", "litellm_cache_misses_metric_total",
            "litellm_deployment_state", "litellm_deployment_cooled_down_total", "litellm_deployment_failure_responses_total",
            "litellm_deployment_total_requests_total", "litellm_deployment_successful_fallbacks_total",
            "litellm_deployment_failed_fallbacks_total", "litellm_remaining_team_budget_metric",
            "litellm_remaining_api_key_budget_metric", "cnpg_collector_last_available_backup_timestamp",
            "cnpg_pg_stat_archiver_last_failed_time", "cnpg_pg_stat_archiver_last_archived_time",
            "barman_cloud_cloudnative_pg_io_last_available_backup_timestamp");

    /** Label names that look like metric names (used in by (...) clauses). */
    private static final Set<String> LABELS = Set.of("litellm_model_name");
    private static final Map<Character, Character> CLOSING = Map.of(')', '(', ']', '[', '}', '{');
    /** A metric name followed by its label matchers. */
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)\\}");
    private static final Pattern METRIC_LIKE = Pattern.compile("\\b((?:litellm|cnpg)_[a-zA-Z0-9_]+|up)\\b");

    private PromQLChecks() {
    }

    /** Problems with brackets: unbalanced or mismatched (), [], {} outside "..." literals. */
    static List<String> bracketProblems(String expr) {
        List<String> problems = new ArrayList<>();
        Deque<Character> open = new ArrayDeque<>();
        boolean quoted = false;
        for (int i = 0; i < expr.length(); i++) {
            char ch = expr.charAt(i);
            if (quoted) {
                if (ch == '\\') {
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == '(' || ch == '[' || ch == '{') {
                open.push(ch);
            } else if (CLOSING.containsKey(ch)) {
                if (open.isEmpty() || open.pop() != CLOSING.get(ch)) {
                    problems.add("unmatched '" + ch + "' at " + i + " in " + expr);
                }
            }
        }
        if (quoted) {
            problems.add("unterminated string in " + expr);
        }
        if (!open.isEmpty()) {
            problems.add("unclosed " + open + " in " + expr);
        }
        return problems;
    }

    /** The metric names of the vector selectors, each with its matchers. */
    static List<String[]> selectors(String expr) {
        List<String[]> found = new ArrayList<>();
        Matcher m = SELECTOR.matcher(expr);
        while (m.find()) {
            found.add(new String[] { m.group(1), m.group(2) });
        }
        return found;
    }

    /**
     * Everything wrong with {@code expr}: brackets, metrics we do not know, metric-like names used without
     * matchers, and selectors whose matchers do not start with {@code scope}.
     */
    static List<String> problems(String expr, String scope) {
        List<String> problems = new ArrayList<>(bracketProblems(expr));
        List<String[]> selectors = selectors(expr);
        if (selectors.isEmpty()) {
            problems.add("no vector selector in " + expr);
        }
        for (String[] s : selectors) {
            if (!KNOWN_METRICS.contains(s[0])) {
                problems.add("unknown metric " + s[0] + " in " + expr);
            }
            if (!s[1].startsWith(scope)) {
                problems.add(s[0] + "{" + s[1] + "} is not scoped by " + scope);
            }
        }
        String withoutSelectors = SELECTOR.matcher(expr).replaceAll("");
        Matcher bare = METRIC_LIKE.matcher(withoutSelectors);
        while (bare.find()) {
            if (LABELS.contains(bare.group(1))) {
                continue;
            }
            problems.add("metric " + bare.group(1) + " without label matchers in " + expr);
        }
        return problems;
    }
}
