package io.llmgw.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.it.support.FakeKubelet;

/**
 * The operator scenario on a fresh API server: the packaged operator as a separate process (production profile),
 * N quickstart gateways created by the driver (16 threads), a stand-in kubelet (the integration tier's
 * {@link FakeKubelet}, under a user of its own) marking each Deployment generation available, then a steady-state
 * window, then a restart. Timings are taken here; writes are counted afterwards from the API server's audit log,
 * per user, in the windows recorded here. Settings are system properties {@code bench.*} (see scripts/bench.sh).
 */
final class Scenario {
    private static final String STARTED_LINE = "'litellmgateway' controller started";
    /** JOSDK starts processing events (reconciling) only once this process leads. */
    private static final String LEADING_LINE = "Started event processing for controller: litellmgateway";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path adminKubeconfig;
    private final Path operatorKubeconfig;
    private final Path kubeletKubeconfig;
    private final Path jar;
    private final Path audit;
    private final Path workDir;
    private final String namespace;
    private final String operatorNamespace;
    private final String operatorUser;
    private final int n;
    private final int steadySeconds;
    private final int timeoutSeconds;
    private final List<String> javaOpts;
    private final String workload;
    private final long apiserverPid;

    private Scenario(Map<String, String> p) {
        adminKubeconfig = Path.of(p.get("bench.kubeconfig.admin"));
        operatorKubeconfig = Path.of(p.get("bench.kubeconfig.operator"));
        kubeletKubeconfig = Path.of(p.get("bench.kubeconfig.kubelet"));
        jar = Path.of(p.get("bench.jar"));
        audit = Path.of(p.get("bench.audit"));
        workDir = Path.of(p.get("bench.workdir"));
        namespace = p.getOrDefault("bench.namespace", "bench");
        operatorNamespace = p.getOrDefault("bench.operator.namespace", "litellm-operator");
        operatorUser = p.get("bench.operator.user");
        n = Integer.parseInt(p.get("bench.n"));
        steadySeconds = Integer.parseInt(p.getOrDefault("bench.steady.seconds", "120"));
        timeoutSeconds = Integer.parseInt(p.getOrDefault("bench.timeout.seconds", Integer.toString(300 + 2 * n)));
        javaOpts = List.of(p.getOrDefault("bench.java.opts", "").trim().split("\\s+")).stream().filter(s -> !s.isEmpty()).toList();
        workload = p.getOrDefault("bench.workload", "quickstart");
        apiserverPid = Long.parseLong(p.getOrDefault("bench.apiserver.pid", "0"));
    }

    static Scenario fromSystemProperties() {
        Map<String, String> p = new ConcurrentHashMap<>();
        System.getProperties().forEach((k, v) -> p.put(k.toString(), v.toString()));
        return new Scenario(p);
    }

    void run(Path out) throws Exception {
        Properties r = new Properties();
        try (KubernetesClient admin = client(adminKubeconfig); KubernetesClient kubeletClient = client(kubeletKubeconfig)) {
            admin.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("openai").endMetadata()
                    .addToStringData("api-key", "sk-bench-not-a-real-key").build()).create();
            if ("rich".equals(workload)) {
                // The Secrets examples/production.yaml references (fake values; nothing reaches a provider).
                Map<String, Map<String, String>> secrets = Map.of(
                        "llm-providers", Map.of("openai-api-key", "sk-bench", "anthropic-api-key", "sk-ant-bench"),
                        "llm-gateway-oidc", Map.of("client-secret", "bench"),
                        "llm-gateway-alerts", Map.of("slack-webhook-url", "https://hooks.slack.invalid/bench"),
                        "llm-gateway-backup-s3", Map.of("access-key-id", "bench", "secret-access-key", "bench"));
                secrets.forEach((name, data) -> admin.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata()
                        .withName(name).endMetadata().withStringData(data).build()).create());
            }

            // What must exist once the operator has created everything: the rendered objects of every gateway.
            Set<String> expected = ConcurrentHashMap.newKeySet();
            Map<Class<? extends HasMetadata>, Set<String>> kinds = new java.util.LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                for (HasMetadata o : Gateways.rendered(workload, namespace, i)) {
                    expected.add(key(o));
                    kinds.computeIfAbsent(o.getClass(), k -> new java.util.TreeSet<>()).add(o.getMetadata().getNamespace());
                }
            }
            int expectedObjects = expected.size();
            r.setProperty("objects", Integer.toString(expectedObjects));

            // Trackers (the driver's own informers; reads only).
            List<SharedIndexInformer<?>> informers = new ArrayList<>();
            for (var kind : kinds.entrySet()) {
              for (String ns : kind.getValue()) {
                informers.add(admin.resources(kind.getKey()).inNamespace(ns).inform(new ResourceEventHandler<HasMetadata>() {
                    @Override
                    public void onAdd(HasMetadata o) {
                        expected.remove(key(o));
                    }

                    @Override
                    public void onUpdate(HasMetadata a, HasMetadata b) {
                    }

                    @Override
                    public void onDelete(HasMetadata o, boolean unknown) {
                    }
                }));
              }
            }
            Set<String> ready = ConcurrentHashMap.newKeySet();
            informers.add(admin.resources(LiteLLMGateway.class).inNamespace(namespace).inform(new ResourceEventHandler<LiteLLMGateway>() {
                @Override
                public void onAdd(LiteLLMGateway g) {
                    track(g);
                }

                @Override
                public void onUpdate(LiteLLMGateway a, LiteLLMGateway g) {
                    track(g);
                }

                @Override
                public void onDelete(LiteLLMGateway g, boolean unknown) {
                    ready.remove(g.getMetadata().getName());
                }

                private void track(LiteLLMGateway g) {
                    if (isReady(g)) {
                        ready.add(g.getMetadata().getName());
                    } else {
                        ready.remove(g.getMetadata().getName());
                    }
                }
            }));

            // The stand-in kubelet: every Deployment generation not yet observed is marked available.
            ExecutorService kubeletPool = Executors.newFixedThreadPool(4);
            Set<String> marking = ConcurrentHashMap.newKeySet();
            AtomicLong kubeletErrors = new AtomicLong();
            informers.add(kubeletClient.apps().deployments().inNamespace(namespace).withLabel("app.kubernetes.io/managed-by", "litellm-operator")
                    .inform(new ResourceEventHandler<Deployment>() {
                        @Override
                        public void onAdd(Deployment d) {
                            mark(d);
                        }

                        @Override
                        public void onUpdate(Deployment a, Deployment d) {
                            mark(d);
                        }

                        @Override
                        public void onDelete(Deployment d, boolean unknown) {
                        }

                        private void mark(Deployment d) {
                            Long observed = d.getStatus() != null ? d.getStatus().getObservedGeneration() : null;
                            if (Objects.equals(observed, d.getMetadata().getGeneration())) {
                                return;
                            }
                            String key = d.getMetadata().getName() + "@" + d.getMetadata().getGeneration();
                            if (marking.add(key)) {
                                kubeletPool.submit(() -> {
                                    try {
                                        FakeKubelet.markDeploymentAvailable(kubeletClient, namespace, d.getMetadata().getName());
                                    } catch (Throwable e) {
                                        kubeletErrors.incrementAndGet();
                                        marking.remove(key);
                                    }
                                });
                            }
                        }
                    }));
            if ("rich".equals(workload)) {
                informers.addAll(richStandIns(kubeletClient, kubeletPool, kubeletErrors));
            }

            // ---- first start
            log("starting the operator (" + String.join(" ", javaOpts) + ")");
            Operator op = Operator.start(this, 1);
            op.awaitStarted(timeoutSeconds);
            r.setProperty("start_s", fmt(op.startedSeconds()));
            r.setProperty("start_cpu_s", fmt(op.cpuSeconds()));
            awaitLeading(op);
            r.setProperty("start_leading_s", fmt(op.leadingSeconds()));
            log(String.format("controller started %.2f s after the JVM was launched", op.startedSeconds()));

            // ---- create N gateways (16 threads)
            double cpu0 = op.cpuSeconds();
            double apiCpu0 = cpuSeconds(apiserverPid);
            long t0 = System.currentTimeMillis();
            ExecutorService drivers = Executors.newFixedThreadPool(16);
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                LiteLLMGateway g = Gateways.gateway(workload, namespace, i);
                creates.add(drivers.submit(() -> admin.resource(g).create()));
            }
            for (Future<?> f : creates) {
                f.get();
            }
            drivers.shutdown();
            long tCreated = System.currentTimeMillis();
            log(String.format("%d gateways created in %.2f s", n, (tCreated - t0) / 1e3));

            long tObjects = await("all " + expectedObjects + " objects created", op, expected::isEmpty);
            log(String.format("all %d objects exist after %.2f s", expectedObjects, (tObjects - t0) / 1e3));
            long tReady = await("all " + n + " gateways Ready", op, () -> ready.size() == n);
            double cpuReady = op.cpuSeconds();
            double apiCpuReady = cpuSeconds(apiserverPid);
            log(String.format("all %d gateways Ready after %.2f s", n, (tReady - t0) / 1e3));
            r.setProperty("gateways_created_s", fmt((tCreated - t0) / 1e3));
            r.setProperty("objects_s", fmt((tObjects - t0) / 1e3));
            r.setProperty("objects_per_s", fmt(expectedObjects / ((tObjects - t0) / 1e3)));
            r.setProperty("ready_s", fmt((tReady - t0) / 1e3));
            r.setProperty("cpu_converge_s", fmt(cpuReady - cpu0));
            r.setProperty("cpu_ms_per_gw", fmt((cpuReady - cpu0) * 1000.0 / n));
            if (apiserverPid > 0) {
                r.setProperty("apiserver_cpu_converge_s", fmt(apiCpuReady - apiCpu0));
            }

            // ---- steady state
            log("steady-state window: " + steadySeconds + " s");
            long steadyFrom = System.currentTimeMillis();
            long rssMax = 0;
            while (System.currentTimeMillis() < steadyFrom + steadySeconds * 1000L) {
                op.checkAlive();
                rssMax = Math.max(rssMax, op.status("VmRSS"));
                Thread.sleep(500);
            }
            long steadyTo = System.currentTimeMillis();
            r.setProperty("rss_end_mib", fmt(op.status("VmRSS") / 1024.0));
            r.setProperty("rss_peak_mib", fmt(op.status("VmHWM") / 1024.0));
            r.setProperty("cpu_steady_s", fmt(op.cpuSeconds() - cpuReady));
            r.setProperty("ready_at_end", Integer.toString(ready.size()));
            r.setProperty("kubelet_errors", Long.toString(kubeletErrors.get()));

            // ---- restart: SIGTERM (what the kubelet sends on a rollout), then a new JVM
            long tStop = System.currentTimeMillis();
            op.stop();
            log("operator stopped; starting it again");
            Operator op2 = Operator.start(this, 2);
            op2.awaitStarted(timeoutSeconds);
            long tAll = await("every gateway reconciled by the new process", op2, () -> op2.readyGauges() >= n, 200);
            r.setProperty("restart_start_s", fmt(op2.startedSeconds()));
            r.setProperty("restart_leading_s", fmt(op2.leadingSeconds()));
            r.setProperty("restart_all_s", fmt((tAll - op2.launchedMs) / 1e3));
            r.setProperty("restart_cpu_s", fmt(op2.cpuSeconds()));
            r.setProperty("restart_rss_mib", fmt(op2.status("VmRSS") / 1024.0));
            log(String.format("restart: controller started after %.2f s, all %d gateways reconciled %.2f s after the JVM was launched",
                    op2.startedSeconds(), n, (tAll - op2.launchedMs) / 1e3));
            long tEnd = System.currentTimeMillis();
            op2.stop();
            informers.forEach(SharedIndexInformer::close);
            kubeletPool.shutdownNow();

            // ---- writes, from the audit log (flushed: the API server writes each event before answering)
            Thread.sleep(1000);
            AuditLog log = AuditLog.read(audit);
            AuditLog converging = log.between(t0, tReady + 1);
            AuditLog steady = log.between(steadyFrom, steadyTo);
            AuditLog restart = log.between(tStop, tEnd);
            r.setProperty("writes_converge", Integer.toString(converging.user(operatorUser).gatewayWrites()));
            r.setProperty("writes_converge_lease", Integer.toString(converging.user(operatorUser).leaderElectionWrites()));
            r.setProperty("writes_converge_kubelet", Integer.toString(converging.user("bench-kubelet").count()));
            r.setProperty("writes_steady", Integer.toString(steady.user(operatorUser).gatewayWrites()));
            r.setProperty("writes_steady_lease", Integer.toString(steady.user(operatorUser).leaderElectionWrites()));
            r.setProperty("writes_steady_kubelet", Integer.toString(steady.user("bench-kubelet").count()));
            r.setProperty("writes_restart", Integer.toString(restart.user(operatorUser).gatewayWrites()));
            r.setProperty("steady_seconds", Integer.toString(steadySeconds));
            r.setProperty("n", Integer.toString(n));
            r.setProperty("workload", workload);
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(workDir.resolve("writes.txt")))) {
                w.println("# writes while converging, per user and kind");
                converging.breakdown().forEach((k, v) -> w.printf("%7d  %s%n", v, k));
                w.println("# writes in the steady-state window");
                steady.breakdown().forEach((k, v) -> w.printf("%7d  %s%n", v, k));
                w.println("# writes during the restart");
                restart.breakdown().forEach((k, v) -> w.printf("%7d  %s%n", v, k));
                w.println("# operator writes per object while converging (most first, top 20)");
                converging.user(operatorUser).where(x -> !x.leaderElection()).perObject().entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(20)
                        .forEach(e -> w.printf("%7d  %s%n", e.getValue(), e.getKey()));
            }
            try (var w = Files.newBufferedWriter(out)) {
                r.store(w, "operator scenario, N=" + n);
            }
        }
    }

    private void awaitLeading(Operator op) throws InterruptedException {
        await("the operator to lead", op, () -> op.leadingMs != 0);
    }

    private static boolean isReady(LiteLLMGateway g) {
        var s = g.getStatus();
        if (s == null || s.conditions == null || !Objects.equals(s.observedGeneration, g.getMetadata().getGeneration())) {
            return false;
        }
        return s.conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())
                && (c.getObservedGeneration() == null || c.getObservedGeneration().equals(g.getMetadata().getGeneration())));
    }

    private long await(String what, Operator op, BooleanSupplier done) throws InterruptedException {
        return await(what, op, done, 50);
    }

    private long await(String what, Operator op, BooleanSupplier done, long pollMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
        while (!done.getAsBoolean()) {
            op.checkAlive();
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out after " + timeoutSeconds + " s waiting for " + what);
            }
            Thread.sleep(pollMs);
        }
        return System.currentTimeMillis();
    }

    /** CPU time a process used so far, in seconds (0 for PID 0); the JDK reads it from the OS. */
    static double cpuSeconds(long pid) {
        if (pid <= 0) {
            return 0;
        }
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration())
                .orElseThrow(() -> new IllegalStateException("no CPU time for process " + pid)).toNanos() / 1e9;
    }

    /** Kind, namespace and name; a migration Job without its hash (the offline render cannot know the database's Secret). */
    private static String key(HasMetadata o) {
        String name = o.getMetadata().getName();
        return o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + ("Job".equals(o.getKind()) ? name.replaceAll("-migrate-[^-]+$", "-migrate") : name);
    }

    /**
     * What CloudNativePG, the Job controller and a Gateway API implementation would do for a rich gateway, through
     * the same {@link FakeKubelet}: a Cluster gets its app Secret and is marked ready, a migration Job is marked
     * complete, an HTTPRoute is marked accepted.
     */
    private List<SharedIndexInformer<?>> richStandIns(KubernetesClient kubelet, ExecutorService pool, AtomicLong errors) {
        List<SharedIndexInformer<?>> informers = new ArrayList<>();
        Set<String> done = ConcurrentHashMap.newKeySet();
        java.util.function.BiConsumer<String, Runnable> once = (key, action) -> {
            if (done.add(key)) {
                pool.submit(() -> {
                    try {
                        action.run();
                    } catch (Throwable e) {
                        errors.incrementAndGet();
                        done.remove(key);
                    }
                });
            }
        };
        informers.add(kubelet.genericKubernetesResources("postgresql.cnpg.io/v1", "Cluster").inNamespace(namespace)
                .inform(new Handler<io.fabric8.kubernetes.api.model.GenericKubernetesResource>(c -> {
                    String name = c.getMetadata().getName();
                    once.accept("cluster/" + name + "@" + c.getMetadata().getGeneration(), () -> {
                        FakeKubelet.createClusterAppSecret(kubelet, namespace, name);
                        FakeKubelet.markClusterReady(kubelet, namespace, name);
                    });
                })));
        informers.add(kubelet.batch().v1().jobs().inNamespace(namespace).inform(new Handler<io.fabric8.kubernetes.api.model.batch.v1.Job>(
                j -> once.accept("job/" + j.getMetadata().getName(), () -> FakeKubelet.markJobComplete(kubelet, namespace, j.getMetadata().getName())))));
        informers.add(kubelet.resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class).inAnyNamespace()
                .inform(new Handler<io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute>(r -> once.accept(
                        "route/" + r.getMetadata().getName() + "@" + r.getMetadata().getGeneration(),
                        () -> FakeKubelet.markRouteAccepted(kubelet, r.getMetadata().getNamespace(), r.getMetadata().getName())))));
        return informers;
    }

    /** Calls back on every add and update. */
    private record Handler<T>(java.util.function.Consumer<T> callback) implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T o) {
            callback.accept(o);
        }

        @Override
        public void onUpdate(T a, T o) {
            callback.accept(o);
        }

        @Override
        public void onDelete(T o, boolean unknown) {
        }
    }

    private static KubernetesClient client(Path kubeconfig) throws IOException {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
    }

    static String fmt(double v) {
        return String.format("%.3f", v);
    }

    static void log(String message) {
        System.out.printf("[bench] %tT %s%n", System.currentTimeMillis(), message);
    }

    /** One run of the packaged operator, its output copied line by line to a log file in the work directory. */
    static final class Operator {
        final Process process;
        final long launchedMs;
        final int httpPort;
        final Scenario scenario;
        volatile long startedMs;
        volatile long leadingMs;

        private Operator(Scenario scenario, Process process, long launchedMs, int httpPort) {
            this.scenario = scenario;
            this.process = process;
            this.launchedMs = launchedMs;
            this.httpPort = httpPort;
        }

        static Operator start(Scenario s, int run) throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // "{run}" in an option becomes 1 or 2 (first start, restart): e.g. one flight recording per start,
            // -XX:StartFlightRecording=settings=profile,filename=operator-{run}.jfr
            s.javaOpts.forEach(o -> cmd.add(o.replace("{run}", Integer.toString(run))));
            cmd.add("-Dllmgw.bench.dir=" + s.workDir);
            cmd.add("-jar");
            cmd.add(s.jar.toString());
            ProcessBuilder builder = new ProcessBuilder(cmd).directory(s.workDir.toFile()).redirectErrorStream(true);
            var env = builder.environment();
            env.put("KUBECONFIG", s.operatorKubeconfig.toString());
            env.put("HOSTNAME", "bench-operator-" + run);
            env.put("POD_NAMESPACE", s.operatorNamespace);
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.remove("JAVA_TOOL_OPTIONS");
            if ("rich".equals(s.workload)) {
                env.put("LLMGW_ROUTE_ALLOWED_NAMESPACES", "network"); // the example routes into namespace "network"
            }
            long launched = System.currentTimeMillis();
            Process process = builder.start();
            // The bench stopped early (Ctrl-C, a failure): never leave an operator behind.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            Operator op = new Operator(s, process, launched, port);
            Path log = s.workDir.resolve("operator-" + run + ".log");
            Thread copier = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                        PrintWriter w = new PrintWriter(Files.newBufferedWriter(log), true)) {
                    for (String line; (line = in.readLine()) != null;) {
                        if (op.startedMs == 0 && line.contains(STARTED_LINE)) {
                            op.startedMs = System.currentTimeMillis();
                        }
                        if (op.leadingMs == 0 && line.contains(LEADING_LINE)) {
                            op.leadingMs = System.currentTimeMillis();
                        }
                        w.println(line);
                    }
                } catch (IOException e) {
                    // the process was stopped: its output ends here
                }
            }, "operator-log-" + run);
            copier.setDaemon(true);
            copier.start();
            return op;
        }

        void awaitStarted(int timeoutSeconds) throws InterruptedException {
            scenario.await("the controller to start", this, () -> startedMs != 0);
        }

        double leadingSeconds() {
            return leadingMs == 0 ? -1 : (leadingMs - launchedMs) / 1e3;
        }

        double startedSeconds() {
            return (startedMs - launchedMs) / 1e3;
        }

        void checkAlive() {
            if (!process.isAlive()) {
                throw new IllegalStateException("the operator exited (" + process.exitValue() + "); see " + scenario.workDir);
            }
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }

        /**
         * A value in kB from Linux's /proc/PID/status (VmRSS, VmHWM): the JDK has no API for another process's
         * resident memory, and the bench, like the node tier, runs on Linux.
         */
        long status(String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                    if (line.startsWith(field + ":")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
                return -1;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }


        double cpuSeconds() {
            return Scenario.cpuSeconds(process.pid());
        }

        /** The gateways this process has reconciled and found Ready: its llmgw_gateway_ready gauges at 1. */
        int readyGauges() {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                        .timeout(Duration.ofSeconds(5)).build();
                HttpResponse<java.util.stream.Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() != 200) {
                    return 0;
                }
                return (int) response.body().filter(l -> l.startsWith("llmgw_gateway_ready{") && l.endsWith(" 1.0")).count();
            } catch (IOException e) {
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
    }
}
