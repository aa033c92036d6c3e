package io.llmgw.bench;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.cli.Render;
import io.llmgw.it.support.Project;
import io.llmgw.model.GatewayModel;

/**
 * The benchmark's gateways, an example renamed per instance, and what the operator renders for them: {@code quickstart}
 * (examples/quickstart.yaml, named qs-0000...) or {@code rich} (examples/production.yaml: database, backup, cache, SSO,
 * monitoring, network policies, a route into namespace "network"; named rich-0000...).
 */
final class Gateways {
    private Gateways() {
    }

    static String name(String workload, int i) {
        return String.format("%s-%04d", "rich".equals(workload) ? "rich" : "qs", i);
    }

    /** Instance {@code i} of the workload's example in {@code namespace}. */
    static LiteLLMGateway gateway(String workload, String namespace, int i) {
        String file = "rich".equals(workload) ? "examples/production.yaml" : "examples/quickstart.yaml";
        LiteLLMGateway gateway = Serialization.unmarshal(Project.read(file), LiteLLMGateway.class);
        gateway.getMetadata().setName(name(workload, i));
        gateway.getMetadata().setNamespace(namespace);
        return gateway;
    }

    static LiteLLMGateway quickstart(String namespace, int i) {
        return gateway("quickstart", namespace, i);
    }

    /**
     * The objects the operator's dependents would apply for gateway {@code i} (the offline {@code render} command's
     * code path), generated secret values filled with random bytes as the operator does.
     */
    static List<HasMetadata> rendered(String workload, String namespace, int i) {
        GatewayModel.Result result = Render.model(gateway(workload, namespace, i), namespace);
        if (!result.valid()) {
            throw new IllegalStateException(workload + " refused: " + result.problems());
        }
        List<HasMetadata> objects = new ArrayList<>();
        for (HasMetadata object : Render.objects(result.model())) {
            if (object instanceof Secret secret && secret.getStringData() != null) {
                Map<String, String> data = new LinkedHashMap<>();
                secret.getStringData().keySet().forEach(k -> data.put(k, "sk-" + random()));
                secret.setStringData(null);
                secret.setData(data.entrySet().stream().collect(LinkedHashMap::new,
                        (m, e) -> m.put(e.getKey(), Base64.getEncoder().encodeToString(e.getValue().getBytes())), Map::putAll));
            }
            objects.add(object);
        }
        return objects;
    }

    static List<HasMetadata> renderedAll(String workload, String namespace, int n) {
        List<HasMetadata> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.addAll(rendered(workload, namespace, i));
        }
        return all;
    }

    static String renderYaml(String workload, String namespace, int n) {
        StringBuilder yaml = new StringBuilder();
        for (HasMetadata object : renderedAll(workload, namespace, n)) {
            String doc = Serialization.asYaml(object);
            yaml.append(doc.startsWith("---") ? doc : "---\n" + doc);
        }
        return yaml.toString();
    }

    private static String random() {
        byte[] b = new byte[24];
        ThreadLocalRandom.current().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
