package io.llmgw.it.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * One replica of the packaged operator ({@code target/quarkus-app/quarkus-run.jar}, production profile, so with the
 * shipped leader election and leadership-loss handling) as a separate process: authenticated as the operator's
 * ServiceAccount through a kubeconfig that points at {@code apiServerUrl}, its lease in {@code namespace}, its
 * gateways watched in that namespace only; gateways created there carry {@link #LABEL}, which the suite's in-JVM
 * operator skips, so the two never compete. Its output goes
 * to a file of its own per start in the integration tier's work directory.
 */
public final class OperatorProcess implements AutoCloseable {
    /** Gateways for a packaged operator carry this label; the in-JVM operator ({@link OperatorRunner}) skips them. */
    public static final String LABEL = "llmgw.io/test-packaged-operator";
    private static final AtomicInteger STARTS = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String replica;
    private final Path log;
    private final int httpPort;
    private final Process process;

    private OperatorProcess(String replica, Path log, int httpPort, Process process) {
        this.replica = replica;
        this.log = log;
        this.httpPort = httpPort;
        this.process = process;
    }

    /** Starts replica {@code replica} (its pod name, so its lease identity too). */
    public static OperatorProcess start(String replica, OperatorIdentity identity, String apiServerUrl, String namespace) {
        try {
            Path dir = Files.createDirectories(Project.workDir());
            Path kubeconfig = dir.resolve(replica + ".kubeconfig");
            Files.writeString(kubeconfig, kubeconfig(identity.config(), apiServerUrl, namespace));
            Path log = dir.resolve(namespace + "." + replica + "." + STARTS.incrementAndGet() + ".log");
            int port = freePort();
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-jar", Project.file("target/quarkus-app/quarkus-run.jar").toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            var env = builder.environment();
            env.put("KUBECONFIG", kubeconfig.toString());
            env.put("HOSTNAME", replica);
            env.put("POD_NAMESPACE", namespace);
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.put("QUARKUS_OPERATOR_SDK_CONTROLLERS_LITELLMGATEWAY_NAMESPACES", namespace);
            return new OperatorProcess(replica, log, port, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String kubeconfig(Config config, String server, String namespace) throws IOException {
        String ca = config.getCaCertData() != null ? config.getCaCertData()
                : Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(config.getCaCertFile())));
        return String.join("\n", List.of(
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: test",
                "  cluster:",
                "    server: " + server,
                "    certificate-authority-data: " + ca,
                "users:",
                "- name: operator",
                "  user:",
                "    token: " + config.getOauthToken(),
                "contexts:",
                "- name: operator",
                "  context: {cluster: test, user: operator, namespace: " + namespace + "}",
                "current-context: operator",
                ""));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public String replica() {
        return replica;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code once the process ended, or null while it runs. */
    public Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    /** The HTTP status of the liveness probe the Deployment points the kubelet at, or -1 when nothing answers. */
    public int liveness() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/live"))
                    .timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The Prometheus text the operator serves at {@code /q/metrics}, as the ServiceMonitor would scrape it. */
    public String metrics() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/q/metrics answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Lets the operator's ServiceAccount hold a lease in {@code namespace}: the shipped leader-election Role, moved there. */
    public static void allowLease(KubernetesClient admin, String namespace) {
        String yaml = Project.read("deploy/operator/leader-election-role.yaml");
        for (HasMetadata object : admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
            object.getMetadata().setNamespace(namespace);
            admin.resource(object).create();
        }
    }

    /** Everything this start of the replica logged so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path logFile() {
        return log;
    }

    /** Sends SIGTERM, as the kubelet does, and returns the exit code, or null if it did not end within {@code grace}. */
    public Integer terminate(Duration grace) {
        process.destroy();
        try {
            return process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        if (terminate(Duration.ofSeconds(20)) == null) {
            process.destroyForcibly();
        }
    }
}
