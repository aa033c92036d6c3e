package io.llmgw.operator.dependent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Hashing;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;

/**
 * A Grafana dashboard of the gateway's LiteLLM metrics, for the Grafana sidecar of kube-prometheus-stack (which
 * loads ConfigMaps labelled {@code grafana_dashboard: "1"}, into the folder named by {@code grafana_folder} when
 * its folderAnnotation is set to that). The dashboard is {@value #TEMPLATE}; its {@code @@...@@} placeholders in
 * string values are replaced here: the gateway's label matchers, namespace, name and a per-gateway uid.
 */
// Its informer is shared with the other dependents of its kind (LiteLLMGatewayReconciler.prepareEventSources).
@KubernetesDependent(useSSA = BooleanWithUndefined.TRUE)
public class DashboardConfigMapDependent extends GatewayResource<ConfigMap> {
    public static final String TEMPLATE = "/dashboards/litellm-gateway.json";
    public static final String DASHBOARD_LABEL = "grafana_dashboard";
    public static final String FOLDER_ANNOTATION = "grafana_folder";
    public static final String FOLDER = "LiteLLM";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLACEHOLDER = "@@";
    private static final JsonNode TEMPLATE_TREE = load();

    public DashboardConfigMapDependent() {
        super(ConfigMap.class);
    }

    @Override
    public boolean enabled(GatewayModel model) {
        return wanted(model);
    }

    public static boolean wanted(GatewayModel model) {
        return model.prometheusEnabled() && Boolean.TRUE.equals(model.spec().observability.prometheus.dashboard);
    }

    /**
     * The data key: the sidecar writes every dashboard of a folder as a file of this name, so it carries the
     * namespace too (two gateways of the same name in different namespaces would otherwise overwrite each other).
     */
    public static String key(Names names) {
        return names.namespace() + "-" + names.gateway() + ".json";
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().dashboard();
    }

    @Override
    public ConfigMap desired(GatewayModel model) {
        Names names = model.names();
        ObjectMeta meta = Meta.of(model, name(model), Names.MONITORING, Map.of(FOLDER_ANNOTATION, FOLDER));
        meta.getLabels().put(DASHBOARD_LABEL, "1");
        return new ConfigMapBuilder()
                .withMetadata(meta)
                .withData(Map.of(key(names), dashboard(names)))
                .build();
    }

    /** The dashboard JSON for this gateway. */
    public static String dashboard(Names names) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("@@selector@@", PromQL.gateway(names));
        values.put("@@namespace@@", names.namespace());
        values.put("@@gateway@@", names.gateway());
        values.put("@@uid@@", uid(names));
        JsonNode tree = TEMPLATE_TREE.deepCopy();
        substitute(tree, values);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode load() {
        try (InputStream in = DashboardConfigMapDependent.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("dashboard template " + TEMPLATE + " missing from the classpath");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboard template " + TEMPLATE, e);
        }
    }

    /** Grafana uids are at most 40 characters and unique per Grafana: derived from namespace and name. */
    static String uid(Names names) {
        return "llmgw-" + Hashing.sha256Hex(names.namespace() + "/" + names.gateway(), 8);
    }

    private static void substitute(JsonNode node, Map<String, String> values) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isTextual()) {
                    field.setValue(new TextNode(replace(field.getValue().asText(), values)));
                } else {
                    substitute(field.getValue(), values);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, new TextNode(replace(array.get(i).asText(), values)));
                } else {
                    substitute(array.get(i), values);
                }
            }
        }
    }

    private static String replace(String text, Map<String, String> values) {
        String result = text;
        for (Map.Entry<String, String> e : values.entrySet()) {
            result = result.replace(e.getKey(), e.getValue());
        }
        if (result.contains(PLACEHOLDER)) {
            throw new IllegalStateException("unknown placeholder left in the dashboard template: " + result);
        }
        return result;
    }
}
