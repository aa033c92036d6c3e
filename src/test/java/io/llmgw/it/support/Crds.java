package io.llmgw.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.llmgw.operator.state.OptionalApi;
import io.llmgw.testing.UpstreamCrds;

/**
 * Installs CustomResourceDefinitions into the test API server: the project's (generated, committed under
 * deploy/crds/) and the upstream ones (CloudNativePG, Gateway API, Prometheus Operator, Cilium) that
 * scripts/provision-crds.sh took from the upstream projects' Go modules ({@link UpstreamCrds}). Upstream CRDs are
 * named by their CRD name, as {@link OptionalApi#crd()} gives it. Every install waits for Established=True, every
 * uninstall until the CRD is gone.
 */
public final class Crds {
    private static final Logger LOG = Logger.getLogger(Crds.class);
    private static final Duration ESTABLISHED = Duration.ofSeconds(60);

    private Crds() {
    }

    /** The project's own CRD(s). */
    public static void installProject(KubernetesClient client) {
        for (Path file : yamlFiles(Project.file("deploy/crds"))) {
            if (!file.getFileName().toString().startsWith("kustomization.")) {
                install(client, file);
            }
        }
    }

    /** Every upstream CRD that was provisioned. */
    public static void installAllUpstream(KubernetesClient client) {
        for (Path file : UpstreamCrds.all()) {
            install(client, file);
        }
    }

    /** The upstream CRD of one optional API. */
    public static void installUpstream(KubernetesClient client, OptionalApi api) {
        install(client, UpstreamCrds.file(api.crd()));
    }

    /** Deletes the CRD of one optional API (and with it every object of its kind) and waits until it is gone. */
    public static void uninstallUpstream(KubernetesClient client, OptionalApi api) {
        uninstall(client, api.crd());
    }

    /** Deletes every upstream CRD that is installed. */
    public static void uninstallAllUpstream(KubernetesClient client) {
        for (OptionalApi api : OptionalApi.values()) {
            uninstall(client, api.crd());
        }
    }

    private static void uninstall(KubernetesClient client, String name) {
        client.apiextensions().v1().customResourceDefinitions().withName(name).delete();
        Await.until("CRD " + name + " is deleted", ESTABLISHED,
                () -> client.apiextensions().v1().customResourceDefinitions().withName(name).get() == null);
        LOG.infof("uninstalled CRD %s", name);
    }

    public static boolean isInstalled(KubernetesClient client, String crdName) {
        return client.apiextensions().v1().customResourceDefinitions().withName(crdName).get() != null;
    }

    public static String install(KubernetesClient client, Path file) {
        CustomResourceDefinition crd = load(client, file);
        String name = crd.getMetadata().getName();
        client.resource(crd).forceConflicts().serverSideApply();
        Await.until("CRD " + name + " is Established", ESTABLISHED,
                () -> client.apiextensions().v1().customResourceDefinitions().withName(name).get(), Crds::established);
        LOG.debugf("installed CRD %s from %s", name, file);
        return name;
    }

    private static CustomResourceDefinition load(KubernetesClient client, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return client.apiextensions().v1().customResourceDefinitions().load(in).item();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null && crd.getStatus().getConditions()
                .stream().anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
