package io.llmgw.operator.resource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** A CloudNativePG ScheduledBackup. See {@link package-info} for why it is a typed subclass of a generic resource. */
@Group("postgresql.cnpg.io")
@Version("v1")
@Kind("ScheduledBackup")
@Plural("scheduledbackups")
public class CnpgScheduledBackup extends GenericKubernetesResource implements Namespaced {
    public CnpgScheduledBackup() {
        setApiVersion("postgresql.cnpg.io/v1");
        setKind("ScheduledBackup");
    }

    /** The same object as this type (fields and metadata are shared, not copied deeply). */
    public static CnpgScheduledBackup of(GenericKubernetesResource generic) {
        CnpgScheduledBackup typed = new CnpgScheduledBackup();
        typed.setMetadata(generic.getMetadata());
        generic.getAdditionalProperties().forEach(typed::setAdditionalProperty);
        return typed;
    }
}
