package io.llmgw.operator.dependent;

import java.util.LinkedHashMap;
import java.util.Map;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.llmgw.api.v1alpha1.BackupSpec;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;
import io.llmgw.operator.resource.BarmanObjectStore;

/**
 * The Barman Cloud plugin's {@code ObjectStore} ({@code barmancloud.cnpg.io/v1}, fields checked against
 * plugin-barman-cloud v0.15.0): where the plugin archives WAL and writes base backups for the Cluster, which names it
 * in its {@code barmanObjectName} plugin parameter. Same destination, credentials and compression as the in-tree
 * method; {@code serverName} stays unset (the plugin refuses it here and defaults it to the Cluster's name).
 * Garbage collected with the gateway: what is in the bucket is kept.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class ObjectStoreDependent extends GatewayResource<BarmanObjectStore> {
    /** The plugin's name in Cluster.spec.plugins and Backup.spec.pluginConfiguration. */
    public static final String PLUGIN = "barman-cloud.cloudnative-pg.io";
    /** The plugin parameter naming the ObjectStore. */
    public static final String OBJECT_NAME_PARAMETER = "barmanObjectName";

    public ObjectStoreDependent() {
        super(BarmanObjectStore.class);
    }

    @Override
    public boolean enabled(GatewayModel model) {
        return model.backupPluginEnabled();
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().objectStore();
    }

    @Override
    public BarmanObjectStore desired(GatewayModel model) {
        BackupSpec backup = model.spec().backup;
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("configuration", BarmanConfiguration.of(backup));
        spec.put("retentionPolicy", BarmanConfiguration.retentionPolicy(backup));

        BarmanObjectStore store = new BarmanObjectStore();
        store.setMetadata(Meta.of(model, name(model), Names.DATABASE));
        store.setAdditionalProperty("spec", spec);
        return store;
    }
}
