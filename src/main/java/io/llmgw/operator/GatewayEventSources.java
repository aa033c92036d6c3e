package io.llmgw.operator;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Names;
import io.llmgw.model.SecretLookup;
import io.llmgw.operator.state.Informers;

/**
 * The informers the reconciler shares with its dependents, one per kind: which objects each caches (label and field
 * selectors keep foreign objects out) and which gateway an event on one of them wakes.
 */
final class GatewayEventSources {
    private static final String SECRET_INDEX = "llmgw.io/referenced-secrets";
    /**
     * Secrets no gateway references, left out of the cache of referenced Secrets: Helm's release records (up to 1 MiB
     * each, often most of a cluster's Secret bytes) and legacy ServiceAccount tokens.
     */
    static final FieldSelector UNREFERENCEABLE_SECRET_TYPES = new FieldSelector(
            new FieldSelector.Field("type", "helm.sh/release.v1", true),
            new FieldSelector.Field("type", "kubernetes.io/service-account-token", true));
    private static final Logger LOG = Logger.getLogger(GatewayEventSources.class);

    private GatewayEventSources() {
    }

    static List<EventSource<?, LiteLLMGateway>> prepare(EventSourceContext<LiteLLMGateway> context) {
        // Secrets the gateway references (provider keys, master key, database URL...): a change rolls the pods. The
        // same informer holds the Secrets the operator generates, which carry the gateway's label.
        context.getPrimaryCache().addIndexer(SECRET_INDEX, new ReferencedSecretsIndex(GatewayEventSources::referencedSecretKeys)::keys);
        var secrets = InformerEventSourceConfiguration.from(Secret.class, LiteLLMGateway.class)
                .withName(Informers.SECRETS)
                .withFieldSelector(UNREFERENCEABLE_SECRET_TYPES)
                .withSecondaryToPrimaryMapper(secret -> {
                    Set<ResourceID> gateways = new HashSet<>(gatewaysReferencing(context, secret));
                    gateways.addAll(gatewayOf(secret));
                    return gateways;
                })
                .build();
        return List.of(new InformerEventSource<>(secrets, context), managed(Deployment.class, Informers.DEPLOYMENTS, context),
                managed(Service.class, Informers.SERVICES, context), managed(ConfigMap.class, Informers.CONFIG_MAPS, context), proxyPods(context));
    }

    /** The proxy pods, read for status only: why a rollout does not progress (crash loop, OOM kill, image pull...). */
    private static InformerEventSource<Pod, LiteLLMGateway> proxyPods(EventSourceContext<LiteLLMGateway> context) {
        return new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, LiteLLMGateway.class)
                .withName(Informers.PROXY_PODS)
                .withLabelSelector(Names.MANAGED_BY_SELECTOR + "," + Names.COMPONENT_LABEL + "=" + Names.PROXY)
                .withSecondaryToPrimaryMapper(GatewayEventSources::gatewayOf)
                .build(), context);
    }

    /** The operator's objects of a kind that several dependents manage (proxy and cache, config and dashboard). */
    private static <R extends HasMetadata> InformerEventSource<R, LiteLLMGateway> managed(Class<R> type, String name,
            EventSourceContext<LiteLLMGateway> context) {
        return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, LiteLLMGateway.class)
                .withName(name)
                .withLabelSelector(Names.MANAGED_BY_SELECTOR)
                .withSecondaryToPrimaryMapper(GatewayEventSources::gatewayOf)
                .build(), context);
    }

    /** The gateway a managed object belongs to, from its gateway label (owner references are not on every one). */
    static Set<ResourceID> gatewayOf(HasMetadata object) {
        var labels = object.getMetadata().getLabels();
        String gateway = labels == null ? null : labels.get(Names.GATEWAY_LABEL);
        return gateway == null ? Set.of() : Set.of(new ResourceID(gateway, object.getMetadata().getNamespace()));
    }

    /**
     * Index keys of the Secrets a gateway references. Total: an indexer that throws fails the informer of every
     * gateway in the cluster (and, at the next start, the operator), so a spec that cannot be built indexes
     * nothing here and gets its Stalled condition from its own reconcile.
     */
    static List<String> referencedSecretKeys(LiteLLMGateway gateway) {
        try {
            return GatewayModel.build(gateway, SecretLookup.offline()).referencedSecrets().stream()
                    .map(name -> indexKey(name, gateway.getMetadata().getNamespace())).toList();
        } catch (RuntimeException e) {
            LOG.debugf("gateway %s/%s: no referenced Secrets indexed (%s)", gateway.getMetadata().getNamespace(),
                    gateway.getMetadata().getName(), e);
            return List.of();
        }
    }

    private static Set<ResourceID> gatewaysReferencing(EventSourceContext<LiteLLMGateway> context, Secret secret) {
        try {
            return context.getPrimaryCache().byIndex(SECRET_INDEX, indexKey(secret.getMetadata().getName(), secret.getMetadata().getNamespace()))
                    .stream().map(ResourceID::fromResource).collect(Collectors.toSet());
        } catch (RuntimeException e) {
            LOG.warnf(e, "mapping Secret %s/%s to gateways failed", secret.getMetadata().getNamespace(), secret.getMetadata().getName());
            return Set.of();
        }
    }

    /** The ConfigMap informer, to tell it of a write it must not wait for (the last good configuration). */
    @SuppressWarnings("unchecked")
    static InformerEventSource<ConfigMap, LiteLLMGateway> configMaps(Context<LiteLLMGateway> context) {
        return (InformerEventSource<ConfigMap, LiteLLMGateway>) context.eventSourceRetriever().getEventSourceFor(ConfigMap.class, Informers.CONFIG_MAPS);
    }

    private static String indexKey(String name, String namespace) {
        return namespace + "/" + name;
    }
}
