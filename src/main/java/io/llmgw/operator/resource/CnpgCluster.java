package io.llmgw.operator.resource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** A CloudNativePG Cluster. See {@link package-info} for why it is a typed subclass of a generic resource. */
@Group("postgresql.cnpg.io")
@Version("v1")
@Kind("Cluster")
@Plural("clusters")
public class CnpgCluster extends GenericKubernetesResource implements Namespaced {
    public CnpgCluster() {
        setApiVersion("postgresql.cnpg.io/v1");
        setKind("Cluster");
    }

    /** The same object as this type (fields and metadata are shared, not copied deeply). */
    public static CnpgCluster of(GenericKubernetesResource generic) {
        CnpgCluster typed = new CnpgCluster();
        typed.setMetadata(generic.getMetadata());
        generic.getAdditionalProperties().forEach(typed::setAdditionalProperty);
        return typed;
    }
}
