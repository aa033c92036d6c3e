package io.llmgw.operator.dependent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.llmgw.api.v1alpha1.BackupSpec;
import io.llmgw.api.v1alpha1.DatabaseSpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.Defaults;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;
import io.llmgw.operator.resource.CnpgCluster;

/**
 * The CloudNativePG {@code Cluster} holding LiteLLM's database (fields checked against the CNPG 1.30 CRD). The
 * operator never deletes it: it is neither a Deleter nor garbage collected by JOSDK, so turning the database off
 * or deleting the gateway leaves it in place. Only with deletion policy Delete does it carry an owner reference
 * to the gateway, set here, so Kubernetes removes it together with the gateway; with Retain (the default) it
 * outlives the gateway. JOSDK maps it back to its gateway by the annotations it adds to non-owned objects.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class DatabaseClusterDependent extends GatewayKubernetesDependent<CnpgCluster>
        implements Creator<CnpgCluster, LiteLLMGateway>, Updater<CnpgCluster, LiteLLMGateway> {
    public static final String GROUP = "postgresql.cnpg.io";
    public static final String API_VERSION = GROUP + "/v1";
    public static final String KIND = "Cluster";
    /** The application database and its owner; CNPG writes their URL to {@code <cluster>-app}, key {@code uri}. */
    public static final String DATABASE = "litellm";
    public static final String PGVECTOR_SQL = "CREATE EXTENSION IF NOT EXISTS vector";
    /** The name of pgvector's image in CloudNativePG's postgres-extensions-containers (its SQL name is vector). */
    public static final String PGVECTOR_EXTENSION = "pgvector";

    public DatabaseClusterDependent() {
        super(CnpgCluster.class);
    }

    @Override
    public boolean enabled(GatewayModel model) {
        return model.managedDatabase();
    }

    /** Ownership follows the deletion policy and is set in {@link #desired(GatewayModel)}, never by JOSDK. */
    @Override
    protected boolean addOwnerReference() {
        return false;
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().database();
    }

    @Override
    public CnpgCluster desired(GatewayModel model) {
        DatabaseSpec.CloudNativePG cnpg = model.spec().database != null && model.spec().database.cloudNativePG != null
                ? model.spec().database.cloudNativePG
                : new DatabaseSpec.CloudNativePG();
        int instances = cnpg.instances != null ? cnpg.instances : 1;

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("instances", instances);
        if (cnpg.imageCatalogRef != null) {
            Map<String, Object> ref = new LinkedHashMap<>();
            ref.put("apiGroup", GROUP);
            ref.put("kind", cnpg.imageCatalogRef.kind != null ? cnpg.imageCatalogRef.kind : "ClusterImageCatalog");
            ref.put("name", cnpg.imageCatalogRef.name);
            ref.put("major", cnpg.imageCatalogRef.major);
            spec.put("imageCatalogRef", ref);
        } else {
            spec.put("imageName", cnpg.imageName != null ? cnpg.imageName : Defaults.POSTGRES_IMAGE);
        }
        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("size", cnpg.storage != null && cnpg.storage.size != null ? cnpg.storage.size : new DatabaseSpec.Storage().size);
        if (cnpg.storage != null && cnpg.storage.storageClass != null) {
            storage.put("storageClass", cnpg.storage.storageClass);
        }
        spec.put("storage", storage);
        if (cnpg.resources != null) {
            spec.put("resources", Serialization.jsonMapper().convertValue(cnpg.resources, Map.class));
        }
        Map<String, Object> postgresql = new LinkedHashMap<>();
        if (cnpg.parameters != null && !cnpg.parameters.isEmpty()) {
            postgresql.put("parameters", new LinkedHashMap<>(cnpg.parameters));
        }
        if (Boolean.TRUE.equals(cnpg.pgvector) && cnpg.pgvectorImage != null) {
            // ImageVolume extension: CloudNativePG mounts the image and sets extension_control_path and
            // dynamic_library_path; CREATE EXTENSION (bootstrap SQL) still activates it in the database.
            postgresql.put("extensions", List.of(Map.of("name", PGVECTOR_EXTENSION, "image", Map.of("reference", cnpg.pgvectorImage))));
        }
        if (!postgresql.isEmpty()) {
            spec.put("postgresql", postgresql);
        }
        DatabaseBootstrap.render(model, cnpg, spec);
        if (instances > 1) {
            Map<String, Object> affinity = new LinkedHashMap<>();
            affinity.put("enablePodAntiAffinity", true);
            affinity.put("topologyKey", "kubernetes.io/hostname");
            affinity.put("podAntiAffinityType", "preferred");
            spec.put("affinity", affinity);
        }
        if (cnpg.priorityClassName != null) {
            spec.put("priorityClassName", cnpg.priorityClassName);
        }
        if (model.backupPluginEnabled()) {
            spec.put("plugins", backupPlugin(model));
        } else if (model.backupEnabled()) {
            spec.put("backup", backup(model.spec().backup));
        }

        ObjectMeta metadata = Meta.of(model, name(model), Names.DATABASE);
        if (!model.retainData()) {
            metadata.setOwnerReferences(List.of(Meta.ownerOf(model.gateway())));
        }
        CnpgCluster cluster = new CnpgCluster();
        cluster.setMetadata(metadata);
        cluster.setAdditionalProperty("spec", spec);
        return cluster;
    }

    /** The in-tree barmanObjectStore (deprecated since CloudNativePG 1.26), kept for clusters without the plugin. */
    private static Map<String, Object> backup(BackupSpec backup) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("retentionPolicy", BarmanConfiguration.retentionPolicy(backup));
        Map<String, Object> store = BarmanConfiguration.of(backup);
        if (backup.serverName != null) {
            store.put("serverName", backup.serverName);
        }
        result.put("barmanObjectStore", store);
        return result;
    }

    /** The Barman Cloud plugin archives WAL and takes base backups to the ObjectStore {@code <cluster>-store}. */
    private static List<Map<String, Object>> backupPlugin(GatewayModel model) {
        Map<String, Object> plugin = new LinkedHashMap<>();
        plugin.put("name", ObjectStoreDependent.PLUGIN);
        plugin.put("enabled", true);
        plugin.put("isWALArchiver", true);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(ObjectStoreDependent.OBJECT_NAME_PARAMETER, model.names().objectStore());
        // The folder under destinationPath: a plugin parameter here, since the ObjectStore may serve several clusters.
        if (model.spec().backup.serverName != null) {
            parameters.put("serverName", model.spec().backup.serverName);
        }
        plugin.put("parameters", parameters);
        return List.of(plugin);
    }
}
