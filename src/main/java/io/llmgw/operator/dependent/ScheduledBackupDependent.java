package io.llmgw.operator.dependent;

import java.util.LinkedHashMap;
import java.util.Map;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;
import io.llmgw.operator.resource.CnpgScheduledBackup;

/**
 * The CloudNativePG {@code ScheduledBackup} taking base backups of the managed database to the Cluster's
 * barman object store, or through the Barman Cloud plugin to its ObjectStore (WAL archiving is configured on the
 * Cluster itself). The first backup starts at once;
 * the Backup objects it creates are owned by it. Garbage collected with the gateway: the backups in the object
 * store are kept, only the schedule stops.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class ScheduledBackupDependent extends GatewayResource<CnpgScheduledBackup> {
    public static final String KIND = "ScheduledBackup";

    public ScheduledBackupDependent() {
        super(CnpgScheduledBackup.class);
    }

    @Override
    public boolean enabled(GatewayModel model) {
        return model.backupEnabled();
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().scheduledBackup();
    }

    @Override
    public CnpgScheduledBackup desired(GatewayModel model) {
        Map<String, Object> spec = new LinkedHashMap<>();
        // Six fields, seconds first (robfig/cron), as BackupSpec.schedule requires.
        spec.put("schedule", model.spec().backup.schedule != null ? model.spec().backup.schedule : "0 0 2 * * *");
        spec.put("cluster", Map.of("name", model.names().database()));
        spec.put("backupOwnerReference", "self");
        BackupMethod.of(model).forEach(spec::put);
        spec.put("immediate", true);

        CnpgScheduledBackup backup = new CnpgScheduledBackup();
        backup.setMetadata(Meta.of(model, name(model), Names.DATABASE));
        backup.setAdditionalProperty("spec", spec);
        return backup;
    }
}
