package io.llmgw.operator.dependent;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.RouteSpec;
import io.llmgw.model.Defaults;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Meta;
import io.llmgw.model.Names;
import io.llmgw.operator.state.GatewayContext;

/**
 * The Gateway API HTTPRoute to the gateway's Service. It may live in another namespace (next to a shared
 * Gateway), where an owner reference is not allowed: so it is not garbage collected but deleted by the operator
 * (a Deleter; the reconciler is a Cleaner), and JOSDK maps it back to the gateway by its default annotations.
 * Every HTTPRoute mapped to the gateway other than the desired one (the route moved to another namespace, or the
 * object was renamed) is deleted, and deletion takes all of them without computing the desired route, which
 * needs a spec.route that may be gone.
 * Timeouts are left to the Gateway implementation: streaming completions outlive most default request timeouts.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class HttpRouteDependent extends GatewayKubernetesDependent<HTTPRoute>
        implements Creator<HTTPRoute, LiteLLMGateway>, Updater<HTTPRoute, LiteLLMGateway>, Deleter<LiteLLMGateway> {
    static final String GATEWAY_API_GROUP = "gateway.networking.k8s.io";

    public HttpRouteDependent() {
        super(HTTPRoute.class);
    }

    @Override
    public boolean enabled(GatewayModel model) {
        return model.routeEnabled();
    }

    @Override
    protected boolean addOwnerReference() {
        return false;
    }

    @Override
    public ReconcileResult<HTTPRoute> reconcile(LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        HTTPRoute desired = desired(GatewayContext.model(context));
        deleteRoutes(context, r -> !(desired.getMetadata().getName().equals(r.getMetadata().getName())
                && desired.getMetadata().getNamespace().equals(r.getMetadata().getNamespace())));
        return super.reconcile(primary, context);
    }

    @Override
    public void delete(LiteLLMGateway primary, Context<LiteLLMGateway> context) {
        deleteRoutes(context, r -> true);
    }

    private void deleteRoutes(Context<LiteLLMGateway> context, Predicate<HTTPRoute> which) {
        for (HTTPRoute route : context.getSecondaryResources(HTTPRoute.class)) {
            if (which.test(route)) {
                context.getClient().resource(route).withTimeout(0, TimeUnit.SECONDS).delete();
            }
        }
    }

    @Override
    public String name(GatewayModel model) {
        return model.names().route();
    }

    @Override
    public HTTPRoute desired(GatewayModel model) {
        Names names = model.names();
        RouteSpec route = model.spec().route;
        ObjectMeta meta = Meta.of(model, name(model), Names.ROUTE);
        meta.setNamespace(model.routeNamespace());
        List<ParentReference> parents = route.parentRefs.stream().map(p -> new ParentReferenceBuilder()
                .withGroup(GATEWAY_API_GROUP)
                .withKind("Gateway")
                .withName(p.name)
                .withNamespace(p.namespace)
                .withSectionName(p.sectionName)
                .build()).toList();
        return new HTTPRouteBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withHostnames(route.hostnames)
                .withParentRefs(parents)
                .addNewRule()
                .addNewMatch().withNewPath().withType("PathPrefix").withValue(route.path != null ? route.path : "/").endPath().endMatch()
                .addNewBackendRef()
                .withGroup("")
                .withKind("Service")
                .withName(names.service())
                // Only across namespaces; the ReferenceGrant in the gateway's namespace permits it.
                .withNamespace(model.crossNamespaceRoute() ? model.namespace() : null)
                .withPort(Defaults.PROXY_PORT)
                // The CRD defaults weight to 1; stated here so the applied object equals the desired one and a
                // resync finds nothing to change (otherwise every reconcile re-applied the route).
                .withWeight(1)
                .endBackendRef()
                .endRule()
                .endSpec()
                .build();
    }

    /**
     * The route of this gateway among the HTTPRoutes mapped to it (by JOSDK's annotations). With the route section
     * still in the spec, the one at its name and namespace; once the section is dropped its old namespace is no
     * longer known, so the one with its name in any namespace: that is the route JOSDK then deletes.
     */
    @Override
    protected Optional<HTTPRoute> selectTargetSecondaryResource(Set<HTTPRoute> routes, LiteLLMGateway primary,
            Context<LiteLLMGateway> context) {
        GatewayModel model = GatewayContext.model(context);
        String name = name(model);
        return routes.stream()
                .filter(r -> name.equals(r.getMetadata().getName()))
                .filter(r -> !model.routeEnabled() || model.routeNamespace().equals(r.getMetadata().getNamespace()))
                .findFirst();
    }
}
