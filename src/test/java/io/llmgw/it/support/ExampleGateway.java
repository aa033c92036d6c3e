package io.llmgw.it.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.SecretKeyRef;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Names;
import io.llmgw.model.SecretLookup;
import io.llmgw.operator.resource.CnpgCluster;

/**
 * One of {@code examples/*.yaml} applied as a user would, in a namespace of its own: the Secrets it references are
 * created first (fixture values), a cross-namespace route gets a namespace of its own too. {@link #driveTestDoubles}
 * then plays CloudNativePG, the Job controller, the kubelet and a Gateway controller for it.
 */
public record ExampleGateway(KubernetesClient client, String namespace, String name, GatewayModel model) {

    public static ExampleGateway apply(ItEnvironment env, String file) {
        KubernetesClient client = env.client();
        String ns = env.controlPlane().createNamespace(file.replace(".yaml", ""));
        LiteLLMGateway gateway = Gateways.parse(Project.read("examples/" + file));
        gateway.getMetadata().setNamespace(ns);
        if (gateway.getSpec().route != null && gateway.getSpec().route.namespace != null) {
            // The route's own namespace (e.g. the Gateway's): one per test, so examples do not share it.
            gateway.getSpec().route.namespace = env.controlPlane().createNamespace("route");
        }
        GatewayModel model = GatewayModel.build(gateway, SecretLookup.offline()).model();
        createReferencedSecrets(client, ns, model);
        client.resource(gateway).create();
        return new ExampleGateway(client, ns, gateway.getMetadata().getName(), model);
    }

    public LiteLLMGateway get() {
        return Gateways.gateway(client, namespace, name).get();
    }

    /** Secrets the example references, with fixture values; a master key must start with sk-. */
    private static void createReferencedSecrets(KubernetesClient client, String ns, GatewayModel model) {
        Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
        List<SecretKeyRef> refs = new ArrayList<>(model.secretRefs());
        var backup = model.spec().backup;
        if (backup != null) {
            refs.add(backup.s3Credentials.accessKeyId);
            refs.add(backup.s3Credentials.secretAccessKey);
        }
        for (SecretKeyRef ref : refs) {
            if (ref.name.equals(model.names().keysSecret()) || ref.name.equals(model.names().cacheSecret())
                    || ref.name.equals(model.names().databaseAppSecret())) {
                continue;
            }
            secrets.computeIfAbsent(ref.name, n -> new LinkedHashMap<>()).put(ref.key, fixture(model, ref));
        }
        secrets.forEach((secretName, data) -> client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata()
                .withName(secretName).endMetadata().withStringData(data).build()).create());
    }

    /**
     * A key's fixture value: URLs where the operator reads a destination's host from the Secret (the alert webhook,
     * an external database, an api_base), so the egress policies on the server show what it derived.
     */
    private static String fixture(GatewayModel model, SecretKeyRef ref) {
        var o = model.spec().observability;
        if (o != null && o.alerting != null && sameKey(ref, o.alerting.webhookUrlSecretRef)) {
            return "https://hooks.slack.com/services/T000/B000/fixture";
        }
        var db = model.spec().database;
        if (db != null && db.external != null && sameKey(ref, db.external.urlSecretRef)) {
            return "postgresql://app:fixture@db.fixture.example.com:5432/litellm";
        }
        if (ref.key.toLowerCase(java.util.Locale.ROOT).replace('-', '_').contains("api_base")) {
            return "https://" + ref.key.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".fixture.example.com";
        }
        return "sk-fixture-" + ref.key;
    }

    private static boolean sameKey(SecretKeyRef a, SecretKeyRef b) {
        return b != null && a.name.equals(b.name) && a.key.equals(b.key);
    }

    /** What CloudNativePG, the Job controller, the kubelet and a Gateway controller would report. */
    public void driveTestDoubles() {
        var names = model.names();
        if (model.managedDatabase() && client.resources(CnpgCluster.class).inNamespace(namespace).withName(names.database()).get() != null) {
            FakeKubelet.createClusterAppSecret(client, namespace, names.database());
            FakeKubelet.markClusterReady(client, namespace, names.database());
        }
        client.batch().v1().jobs().inNamespace(namespace).withLabel(Names.COMPONENT_LABEL, Names.MIGRATION).list().getItems().stream()
                .filter(j -> j.getStatus() == null || j.getStatus().getConditions() == null || j.getStatus().getConditions().isEmpty())
                .forEach(j -> FakeKubelet.markJobComplete(client, namespace, j.getMetadata().getName()));
        for (String deployment : List.of(names.cache(), names.deployment())) {
            var d = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
            if (d != null && (d.getStatus() == null || d.getStatus().getObservedGeneration() == null
                    || d.getStatus().getObservedGeneration() < d.getMetadata().getGeneration())) {
                FakeKubelet.markDeploymentAvailable(client, namespace, deployment);
            }
        }
        if (model.routeEnabled()
                && client.resources(HTTPRoute.class).inNamespace(model.routeNamespace()).withName(names.route()).get() != null) {
            FakeKubelet.markRouteAccepted(client, model.routeNamespace(), names.route());
        }
    }
}
