package io.llmgw.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * One real kube-apiserver + etcd per test JVM, started through fabric8 kube-api-test from the binaries that
 * {@code scripts/provision-control-plane.sh} provisions (never downloaded here: offline mode). Exposes a client,
 * the kubeconfig (also as a file, for the real kubectl) and, on demand, a kube-controller-manager running only the
 * garbage collector and the namespace controller. Everything stops at JVM exit.
 *
 * <p>
 * There is no kubelet, no scheduler and no workload controller: nothing runs pods, and Deployment/Job status is
 * only what {@link FakeKubelet} writes.
 */
public final class ControlPlane {
    private static final Logger LOG = Logger.getLogger(ControlPlane.class);
    private static final String PROVISION_HINT = "run scripts/provision-control-plane.sh (it builds or reuses the binaries and "
            + "writes ~/.cache/llmgw-operator/control-plane.env)";
    /** On 2 busy cores etcd + kube-apiserver can take well over the default 60 s to become ready. */
    private static final int STARTUP_TIMEOUT_MS = (int) Duration.ofSeconds(240).toMillis();

    private static ControlPlane instance;
    private static RuntimeException startFailure;

    private final Binaries binaries;
    private final KubeAPIServer server;
    private final String kubeconfigYaml;
    private final Path kubeconfigFile;
    private final KubernetesClient client;
    private Process controllerManager;

    /** The binaries of one Kubernetes version, as kube-api-test lays them out: {@code <dir>/k8s/<version>-<os>-<arch>/}. */
    public record Binaries(Path testDir, String version, Path dir, Path controllerManager) {
        public Path kubectl() {
            return dir.resolve("kubectl");
        }
    }

    private ControlPlane() {
        this.binaries = locateBinaries();
        long start = System.nanoTime();
        var config = KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(binaries.testDir().toString())
                .withApiServerVersion(binaries.version())
                // 7.5.2 throws ClassCastException reading the Boolean/Integer env settings: set them here instead.
                .withOfflineMode(true)
                .withStartupTimeout(STARTUP_TIMEOUT_MS)
                .withUpdateKubeConfig(false)
                .withApiServerFlag("--bind-address", "127.0.0.1")
                .withApiServerFlag("--advertise-address", "127.0.0.1")
                .build();
        this.server = new KubeAPIServer(config);
        try {
            server.start();
        } catch (RuntimeException e) {
            stopQuietly(server);
            throw new IllegalStateException("kube-apiserver " + binaries.version() + " from " + binaries.dir() + " did not start within "
                    + STARTUP_TIMEOUT_MS / 1000 + " s (etcd and kube-apiserver logs go to the test output)", e);
        }
        this.kubeconfigYaml = server.getKubeConfigYaml();
        this.kubeconfigFile = Project.workDir().resolve("kubeconfig.yaml");
        try {
            Files.writeString(kubeconfigFile, kubeconfigYaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.client = newClient();
        LOG.infof("kube-apiserver %s ready in %d s (kubeconfig: %s)", client.getKubernetesVersion().getGitVersion(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), kubeconfigFile);
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "control-plane-shutdown"));
    }

    /** The JVM's control plane, started on first use. A failed start is remembered: later callers fail at once. */
    public static synchronized ControlPlane get() {
        if (startFailure != null) {
            throw new IllegalStateException("the control plane failed to start earlier in this JVM: " + startFailure.getMessage(),
                    startFailure);
        }
        if (instance == null) {
            try {
                instance = new ControlPlane();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return instance;
    }

    private static void stopQuietly(KubeAPIServer server) {
        try {
            server.stop();
        } catch (RuntimeException ignored) {
            // best effort: the start already failed
        }
    }

    /** The test code's own client (never the operator's: write counts stay the operator's alone). */
    public KubernetesClient client() {
        return client;
    }

    /** A fresh client on this API server; the caller closes it. */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(clientConfig()).build();
    }

    public Config clientConfig() {
        return Config.fromKubeconfig(kubeconfigYaml);
    }

    public String kubeconfigYaml() {
        return kubeconfigYaml;
    }

    public Path kubeconfigFile() {
        return kubeconfigFile;
    }

    public Binaries binaries() {
        return binaries;
    }

    /** A new namespace with a readable, unique name. Namespaces are not deleted (no namespace controller by default). */
    public String createNamespace(String prefix) {
        String name = prefix + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    /**
     * Starts kube-controller-manager with only the garbage collector and the namespace controller, and waits until
     * garbage collection actually works (an owned canary ConfigMap disappears after its owner is deleted).
     */
    public synchronized void startControllerManager() {
        if (controllerManager != null && controllerManager.isAlive()) {
            return;
        }
        Path kcm = binaries.controllerManager();
        if (kcm == null || !Files.isExecutable(kcm)) {
            throw new IllegalStateException("kube-controller-manager not found next to kube-apiserver in " + binaries.dir()
                    + " nor in $LLMGW_K8S_BIN: " + PROVISION_HINT);
        }
        Path log = Project.workDir().resolve("kube-controller-manager.log");
        List<String> command = List.of(kcm.toString(),
                "--kubeconfig=" + kubeconfigFile,
                "--controllers=garbage-collector-controller,namespace-controller",
                "--leader-elect=false",
                // No serving port: several test JVMs on one machine would fight over 10257.
                "--secure-port=0",
                "--concurrent-gc-syncs=5",
                "--v=1");
        try {
            controllerManager = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + kcm, e);
        }
        LOG.infof("kube-controller-manager started (pid %d, log %s); waiting for the garbage collector", controllerManager.pid(), log);
        awaitGarbageCollection(log);
    }

    public synchronized void stopControllerManager() {
        if (controllerManager != null) {
            controllerManager.destroy();
            try {
                if (!controllerManager.waitFor(20, TimeUnit.SECONDS)) {
                    controllerManager.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            controllerManager = null;
        }
    }

    private void awaitGarbageCollection(Path log) {
        String ns = createNamespace("gc-canary");
        ConfigMap owner = client.configMaps().inNamespace(ns)
                .resource(new ConfigMapBuilder().withNewMetadata().withName("owner").endMetadata().build()).create();
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("owned")
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName("owner")
                        .withUid(owner.getMetadata().getUid()).build())
                .endMetadata().build()).create();
        client.configMaps().inNamespace(ns).withName("owner").delete();
        Await.until("the garbage collector of kube-controller-manager (log: " + log + ") deletes an orphaned ConfigMap",
                Duration.ofSeconds(120), () -> {
                    if (!controllerManager.isAlive()) {
                        throw new IllegalStateException("kube-controller-manager exited with " + controllerManager.exitValue()
                                + "; see " + log);
                    }
                    return client.configMaps().inNamespace(ns).withName("owned").get();
                }, owned -> owned == null);
    }

    private void shutdown() {
        stopControllerManager();
        try {
            client.close();
        } catch (RuntimeException ignored) {
            // shutting down
        }
        server.stop();
    }

    // --- locating the binaries -----------------------------------------------------------------------------------

    private static Binaries locateBinaries() {
        Map<String, String> env = environment();
        Path testDir = Path.of(env.getOrDefault("KUBE_API_TEST_DIR", System.getProperty("user.home") + "/.kubeapitest"));
        Path k8s = testDir.resolve("k8s");
        String wanted = Optional.ofNullable(env.get("LLMGW_K8S_VERSION")).map(v -> v.startsWith("v") ? v.substring(1) : v).orElse(null);
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(k8s)) {
            try (Stream<Path> dirs = Files.list(k8s)) {
                dirs.filter(d -> Stream.of("etcd", "kube-apiserver", "kubectl").allMatch(b -> Files.isExecutable(d.resolve(b))))
                        .filter(d -> wanted == null || d.getFileName().toString().startsWith(wanted + "-"))
                        .forEach(candidates::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path dir = candidates.stream().max(Comparator.comparing(d -> versionKey(d.getFileName().toString()))).orElseThrow(
                () -> new IllegalStateException("No Kubernetes control-plane binaries (etcd, kube-apiserver, kubectl"
                        + (wanted != null ? ", version " + wanted : "") + ") under " + k8s
                        + ". The integration tests need a real API server and never download one: " + PROVISION_HINT));
        String folder = dir.getFileName().toString();
        String version = folder.substring(0, folder.indexOf('-'));
        Path kcm = dir.resolve("kube-controller-manager");
        if (!Files.isExecutable(kcm) && env.get("LLMGW_K8S_BIN") != null) {
            kcm = Path.of(env.get("LLMGW_K8S_BIN"), "kube-controller-manager");
        }
        return new Binaries(testDir, version, dir, Files.isExecutable(kcm) ? kcm : null);
    }

    /** Sortable key of a "1.34.4-linux-amd64" folder name. */
    private static String versionKey(String folder) {
        String[] parts = folder.split("-")[0].split("\\.");
        StringBuilder key = new StringBuilder();
        for (String p : parts) {
            key.append(String.format("%06d", p.matches("\\d+") ? Integer.parseInt(p) : 0));
        }
        return key.toString();
    }

    /**
     * The process environment, completed by the env file the provisioning script writes (so {@code ./mvnw verify}
     * works without sourcing it first). Real environment variables win.
     */
    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        String cache = Optional.ofNullable(System.getenv("LLMGW_CACHE")).orElse(System.getProperty("user.home") + "/.cache/llmgw-operator");
        Path file = Path.of(cache, "control-plane.env");
        if (Files.isReadable(file)) {
            try {
                for (String line : Files.readAllLines(file)) {
                    String l = line.strip();
                    if (l.startsWith("export ")) {
                        l = l.substring("export ".length());
                    }
                    int eq = l.indexOf('=');
                    if (!l.startsWith("#") && eq > 0) {
                        env.put(l.substring(0, eq), l.substring(eq + 1).replaceAll("^['\"]|['\"]$", ""));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        env.putAll(System.getenv());
        return env;
    }
}
