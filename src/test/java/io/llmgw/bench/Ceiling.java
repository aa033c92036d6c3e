package io.llmgw.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The raw ceiling: server-side apply (forced, field manager {@code bench-ceiling}) of every object of a YAML file
 * from THREADS threads sharing one fabric8 client, timed from the first request to the last answer (the client
 * is built, has connected, and has sent a server-side dry run of a few objects from every thread before).
 */
final class Ceiling {
    private Ceiling() {
    }

    static void run(Path kubeconfig, Path file, int threads, Path out, long apiserverPid) throws Exception {
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build()) {
            List<HasMetadata> objects;
            try (InputStream in = Files.newInputStream(file)) {
                objects = client.load(in).items();
            }
            client.namespaces().withName("default").get(); // connect (TLS, HTTP/2) before the clock starts
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            // Warm up (the operator's JVM is warm too by the time it applies): a server-side dry run of a few objects
            // from every thread, which the API server validates but does not store.
            List<Future<?>> warmup = new ArrayList<>();
            for (HasMetadata object : objects.subList(0, Math.min(objects.size(), 4 * threads))) {
                warmup.add(pool.submit(() -> client.resource(object).dryRun().fieldManager("bench-ceiling").forceConflicts().serverSideApply()));
            }
            for (Future<?> f : warmup) {
                f.get();
            }
            double api0 = Scenario.cpuSeconds(apiserverPid);
            long t0 = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (HasMetadata object : objects) {
                futures.add(pool.submit(() -> client.resource(object).fieldManager("bench-ceiling").forceConflicts().serverSideApply()));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double api1 = Scenario.cpuSeconds(apiserverPid);
            pool.shutdown();
            Properties p = new Properties();
            p.setProperty("objects", Integer.toString(objects.size()));
            p.setProperty("seconds", String.format("%.3f", seconds));
            p.setProperty("objects_per_s", String.format("%.1f", objects.size() / seconds));
            if (apiserverPid > 0) {
                p.setProperty("apiserver_cpu_s", String.format("%.2f", api1 - api0));
            }
            try (var w = Files.newBufferedWriter(out)) {
                p.store(w, "ceiling: parallel fabric8 server-side apply, " + threads + " threads");
            }
            System.out.printf("ceiling: %d objects in %.2f s from %d threads (%.0f objects/s)%n", objects.size(), seconds, threads,
                    objects.size() / seconds);
        }
    }
}
