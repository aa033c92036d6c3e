package io.llmgw.operator.dependent;

import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;

/**
 * LiteLLM's config.yaml. Holds only os.environ/ references for secrets, never a secret value. Applied with
 * server-side apply like every other dependent: JOSDK leaves ConfigMaps and Secrets out of SSA unless asked
 * ({@code useSSA}), and would otherwise replace the whole object as "fabric8-kubernetes-client".
 */
// Its informer is shared with the other dependents of its kind (LiteLLMGatewayReconciler.prepareEventSources).
@KubernetesDependent(useSSA = BooleanWithUndefined.TRUE)
public class ConfigMapDependent extends GatewayResource<ConfigMap> {
    public static final String CONFIG_KEY = "config.yaml";

    public ConfigMapDependent() {
        super(ConfigMap.class);
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().configMap();
    }

    @Override
    public ConfigMap desired(GatewayModel model) {
        return new ConfigMapBuilder()
                .withMetadata(Meta.of(model, name(model), Names.PROXY,
                        Map.of(Names.CONFIG_HASH_ANNOTATION, model.configHash())))
                .withData(Map.of(CONFIG_KEY, model.configYaml()))
                .build();
    }
}
