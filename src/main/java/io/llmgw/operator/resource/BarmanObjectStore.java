package io.llmgw.operator.resource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Barman Cloud plugin ObjectStore. See {@link package-info} for why it is a typed subclass of a generic resource. */
@Group("barmancloud.cnpg.io")
@Version("v1")
@Kind("ObjectStore")
@Plural("objectstores")
public class BarmanObjectStore extends GenericKubernetesResource implements Namespaced {
    public BarmanObjectStore() {
        setApiVersion("barmancloud.cnpg.io/v1");
        setKind("ObjectStore");
    }

    /** The same object as this type (fields and metadata are shared, not copied deeply). */
    public static BarmanObjectStore of(GenericKubernetesResource generic) {
        BarmanObjectStore typed = new BarmanObjectStore();
        typed.setMetadata(generic.getMetadata());
        generic.getAdditionalProperties().forEach(typed::setAdditionalProperty);
        return typed;
    }
}
