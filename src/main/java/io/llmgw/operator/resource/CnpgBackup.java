package io.llmgw.operator.resource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** A CloudNativePG Backup. See {@link package-info} for why it is a typed subclass of a generic resource. */
@Group("postgresql.cnpg.io")
@Version("v1")
@Kind("Backup")
@Plural("backups")
public class CnpgBackup extends GenericKubernetesResource implements Namespaced {
    public CnpgBackup() {
        setApiVersion("postgresql.cnpg.io/v1");
        setKind("Backup");
    }

    /** The same object as this type (fields and metadata are shared, not copied deeply). */
    public static CnpgBackup of(GenericKubernetesResource generic) {
        CnpgBackup typed = new CnpgBackup();
        typed.setMetadata(generic.getMetadata());
        generic.getAdditionalProperties().forEach(typed::setAdditionalProperty);
        return typed;
    }
}
