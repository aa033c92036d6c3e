package io.llmgw.operator.resource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Cilium network policy. See {@link package-info} for why it is a typed subclass of a generic resource. */
@Group("cilium.io")
@Version("v2")
@Kind("CiliumNetworkPolicy")
@Plural("ciliumnetworkpolicies")
public class CiliumNetworkPolicy extends GenericKubernetesResource implements Namespaced {
    public CiliumNetworkPolicy() {
        setApiVersion("cilium.io/v2");
        setKind("CiliumNetworkPolicy");
    }

    /** The same object as this type (fields and metadata are shared, not copied deeply). */
    public static CiliumNetworkPolicy of(GenericKubernetesResource generic) {
        CiliumNetworkPolicy typed = new CiliumNetworkPolicy();
        typed.setMetadata(generic.getMetadata());
        generic.getAdditionalProperties().forEach(typed::setAdditionalProperty);
        return typed;
    }
}
