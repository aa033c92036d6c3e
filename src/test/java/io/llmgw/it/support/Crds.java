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

/**
 * Installs CustomResourceDefinitions into the test API server: the project's (generated, committed under
 * deploy/crds/) and the upstream ones (CloudNativePG, Gateway API, Prometheus Operator, Cilium) from the shared
 * folder, read in place and never copied into the repository. Every install waits for Established=True.
 */
public final class Crds {
    private static final Logger LOG = Logger.getLogger(Crds.class);
    /** Names the folder with the upstream CRD files. */
    public static final String SHARED_CRDS_ENV = "LLMGW_SHARED_CRDS";
    private static final Path SHARED_FALLBACK = Path.of("/work/shared/crds");
    private static final Duration ESTABLISHED = Duration.ofSeconds(60);

    public static final String CNPG_CLUSTERS = "cnpg-clusters.yaml";
    public static final String SERVICE_MONITORS = "monitoring-servicemonitors.yaml";

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

    /** Every upstream CRD of the shared folder. */
    public static void installAllUpstream(KubernetesClient client) {
        for (Path file : yamlFiles(upstreamDir())) {
            install(client, file);
        }
    }

    /** One upstream CRD by file name (e.g. {@link #CNPG_CLUSTERS}); returns the CRD's name. */
    public static String installUpstream(KubernetesClient client, String fileName) {
        return install(client, upstreamFile(fileName));
    }

    /** Deletes one upstream CRD (and with it every object of its kind) and waits until it is gone. */
    public static void uninstallUpstream(KubernetesClient client, String fileName) {
        String name = load(client, upstreamFile(fileName)).getMetadata().getName();
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

    /** The folder of upstream CRDs: $LLMGW_SHARED_CRDS, else ../shared/crds from the project root, else /work/shared/crds. */
    public static Path upstreamDir() {
        String env = System.getenv(SHARED_CRDS_ENV);
        if (env != null && !env.isBlank()) {
            Path dir = Path.of(env);
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException(SHARED_CRDS_ENV + "=" + env + " is not a directory");
            }
            return dir;
        }
        Path sibling = Project.root().resolve("../shared/crds").normalize();
        if (Files.isDirectory(sibling)) {
            return sibling;
        }
        if (Files.isDirectory(SHARED_FALLBACK)) {
            return SHARED_FALLBACK;
        }
        throw new IllegalStateException("upstream CRDs not found: set " + SHARED_CRDS_ENV + " to the folder holding cnpg-clusters.yaml etc."
                + " (looked in " + sibling + " and " + SHARED_FALLBACK + ")");
    }

    private static Path upstreamFile(String fileName) {
        Path file = upstreamDir().resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("upstream CRD file " + file + " not found");
        }
        return file;
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
