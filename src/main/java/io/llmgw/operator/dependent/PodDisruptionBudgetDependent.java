package io.llmgw.operator.dependent;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.llmgw.api.v1alpha1.AvailabilitySpec;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;

/**
 * Limits voluntary disruptions of the proxy pods (default: one pod at a time). Unhealthy pods may always be
 * evicted, so a pod stuck crash-looping (an OOM-killed proxy, say) never blocks a node drain.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class PodDisruptionBudgetDependent extends GatewayResource<PodDisruptionBudget> {
    public PodDisruptionBudgetDependent() {
        super(PodDisruptionBudget.class);
    }

    @Override
    public boolean enabled(GatewayModel model) {
        AvailabilitySpec a = model.spec().availability;
        return a != null && a.podDisruptionBudget != null && a.podDisruptionBudget.enabled;
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().gateway();
    }

    @Override
    public PodDisruptionBudget desired(GatewayModel model) {
        Names names = model.names();
        AvailabilitySpec.PodDisruptionBudget pdb = model.spec().availability.podDisruptionBudget;
        IntOrString minAvailable = pdb.minAvailable;
        IntOrString maxUnavailable = pdb.maxUnavailable;
        if (minAvailable == null && maxUnavailable == null) {
            maxUnavailable = new IntOrString(1);
        }
        return new PodDisruptionBudgetBuilder()
                .withMetadata(Meta.of(model, name(model), Names.PROXY))
                .withNewSpec()
                .withNewSelector().withMatchLabels(names.selector(Names.PROXY)).endSelector()
                .withMinAvailable(minAvailable)
                .withMaxUnavailable(minAvailable == null ? maxUnavailable : null)
                .withUnhealthyPodEvictionPolicy("AlwaysAllow")
                .endSpec()
                .build();
    }
}
