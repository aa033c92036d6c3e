package io.llmgw.model;

import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.llmgw.api.v1alpha1.LiteLLMGateway;

/** Metadata shared by every managed object. */
public final class Meta {
    private Meta() {
    }

    public static ObjectMeta of(GatewayModel model, String name, String component) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(model.namespace())
                .withLabels(model.names().labels(component))
                .build();
    }

    public static ObjectMeta of(GatewayModel model, String name, String component, Map<String, String> annotations) {
        ObjectMeta meta = of(model, name, component);
        if (annotations != null && !annotations.isEmpty()) {
            meta.setAnnotations(annotations);
        }
        return meta;
    }

    /** An explicit owner reference, for objects whose ownership depends on the spec (deletion policy). */
    public static OwnerReference ownerOf(LiteLLMGateway gateway) {
        return new OwnerReferenceBuilder()
                .withApiVersion(gateway.getApiVersion())
                .withKind(gateway.getKind())
                .withName(gateway.getMetadata().getName())
                .withUid(gateway.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(false)
                .build();
    }
}
