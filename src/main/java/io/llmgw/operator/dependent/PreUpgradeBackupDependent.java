package io.llmgw.operator.dependent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;
import io.llmgw.operator.resource.CnpgBackup;
import io.llmgw.operator.state.PreUpgradeBackup;

/**
 * The on-demand CloudNativePG {@code Backup} taken before a new LiteLLM image runs its schema migrations
 * ({@link PreUpgradeBackup} decides when). Create-only: a Backup's spec is immutable in CloudNativePG and its status
 * is the verdict, so the operator never updates nor deletes it (no RBAC for either); it is owned by the gateway. Its
 * name carries a hash of the target image, so each upgrade gets its own Backup and a retry is a deletion away.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class PreUpgradeBackupDependent extends GatewayKubernetesDependent<CnpgBackup>
        implements Creator<CnpgBackup, LiteLLMGateway> {

    public PreUpgradeBackupDependent() {
        super(CnpgBackup.class);
    }

    /** Owned by the gateway, though not a GarbageCollected dependent (the operator never deletes it itself). */
    @Override
    protected boolean addOwnerReference() {
        return true;
    }

    @Override
    public boolean enabled(GatewayModel model) {
        return model.backupBeforeUpgrade();
    }

    @Override
    public String name(GatewayModel model) {
        return PreUpgradeBackup.backupName(model);
    }

    @Override
    public CnpgBackup desired(GatewayModel model) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("cluster", Map.of("name", model.names().database()));
        spec.putAll(BackupMethod.of(model));

        CnpgBackup backup = new CnpgBackup();
        backup.setMetadata(Meta.of(model, name(model), Names.DATABASE));
        backup.setAdditionalProperty("spec", spec);
        return backup;
    }

    /**
     * A plain create (POST), not JOSDK's server-side apply (a PATCH): the operator needs, and is granted, no right to
     * change an existing Backup. One the informer has not seen yet is taken as it is.
     */
    @Override
    public CnpgBackup create(CnpgBackup desired, LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        // What JOSDK's own create would add: the owner (garbage collection, and how its informer maps events back
        // to the gateway), and the primary annotations its other mapper reads.
        desired.getMetadata().setOwnerReferences(List.of(Meta.ownerOf(primary)));
        Map<String, String> annotations = new LinkedHashMap<>();
        if (desired.getMetadata().getAnnotations() != null) {
            annotations.putAll(desired.getMetadata().getAnnotations());
        }
        annotations.put(Mappers.DEFAULT_ANNOTATION_FOR_NAME, primary.getMetadata().getName());
        annotations.put(Mappers.DEFAULT_ANNOTATION_FOR_NAMESPACE, primary.getMetadata().getNamespace());
        desired.getMetadata().setAnnotations(annotations);
        try {
            return context.getClient().resource(desired).create();
        } catch (KubernetesClientException e) {
            return CreateOnly.existingAfter(e, context.getClient(), desired);
        }
    }
}
