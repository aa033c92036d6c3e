package io.llmgw.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The results table of one bench run (DIR/ceiling-parallel-N, ceiling-kubectl-N, operator-N and run .properties),
 * one column per N, and the final {@code bench:} line.
 */
final class Report {
    private final Path dir;
    /** One column per operator run: "100" (quickstart gateways) or "rich-10". */
    private final List<String> ns;

    private Report(Path dir) throws IOException {
        this.dir = dir;
        TreeSet<String> found = new TreeSet<>(java.util.Comparator.comparing((String c) -> c.startsWith("rich-"))
                .thenComparing(c -> Integer.parseInt(c.replaceAll("\\D", ""))));
        try (Stream<Path> files = Files.list(dir)) {
            files.map(f -> f.getFileName().toString()).filter(f -> f.matches("(ceiling-parallel|ceiling-kubectl|operator)-(rich-)?\\d+\\.properties"))
                    .forEach(f -> found.add(f.replaceAll("^(ceiling-parallel|ceiling-kubectl|operator)-|\\.properties$", "")));
        }
        this.ns = List.copyOf(found);
    }

    static void print(Path dir) throws IOException {
        new Report(dir).print();
    }

    private Properties props(String name) {
        Properties p = new Properties();
        Path f = dir.resolve(name + ".properties");
        if (Files.isRegularFile(f)) {
            try (Reader r = Files.newBufferedReader(f)) {
                p.load(r);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return p;
    }

    private String get(String file, String key) {
        return props(file).getProperty(key);
    }

    private Double num(String file, String key) {
        String v = get(file, key);
        return v == null ? null : Double.valueOf(v);
    }

    private Double ratio(String n) {
        Double op = num("operator-" + n, "objects_per_s");
        Double ceiling = num("ceiling-parallel-" + n, "objects_per_s");
        return op == null || ceiling == null ? null : op / ceiling;
    }

    private void row(List<String[]> rows, String label, Function<String, String> cell) {
        String[] r = new String[ns.size() + 1];
        r[0] = label;
        for (int i = 0; i < ns.size(); i++) {
            String v = cell.apply(ns.get(i));
            r[i + 1] = v == null ? "-" : v;
        }
        rows.add(r);
    }

    private static String f(Double v, String format) {
        return v == null ? null : String.format(Locale.ROOT, format, v);
    }

    private void print() {
        Properties run = props("run");
        List<String[]> rows = new ArrayList<>();
        row(rows, "N gateways (rich-N: examples/production.yaml)", n -> n);
        row(rows, "objects (rendered, per run)", n -> get("ceiling-parallel-" + n, "objects") != null ? get("ceiling-parallel-" + n, "objects")
                : get("operator-" + n, "objects"));
        row(rows, "ceiling: fabric8 SSA, 16 threads (s)", n -> f(num("ceiling-parallel-" + n, "seconds"), "%.2f"));
        row(rows, "ceiling: fabric8 SSA, 16 threads (obj/s)", n -> f(num("ceiling-parallel-" + n, "objects_per_s"), "%.0f"));
        row(rows, "ceiling: kube-apiserver CPU during it (s)", n -> f(num("ceiling-parallel-" + n, "apiserver_cpu_s"), "%.1f"));
        row(rows, "ceiling: one kubectl apply --server-side (s)", n -> f(num("ceiling-kubectl-" + n, "seconds"), "%.2f"));
        row(rows, "ceiling: one kubectl apply --server-side (obj/s)", n -> f(num("ceiling-kubectl-" + n, "objects_per_s"), "%.0f"));
        row(rows, "operator: gateways created by the driver (s)", n -> f(num("operator-" + n, "gateways_created_s"), "%.2f"));
        row(rows, "operator: all objects created (s)", n -> f(num("operator-" + n, "objects_s"), "%.2f"));
        row(rows, "operator: objects/s", n -> f(num("operator-" + n, "objects_per_s"), "%.0f"));
        row(rows, "operator obj/s / parallel ceiling obj/s", n -> f(ratio(n), "%.3f"));
        row(rows, "operator: all gateways Ready (s)", n -> f(num("operator-" + n, "ready_s"), "%.2f"));
        row(rows, "writes while converging: operator", n -> get("operator-" + n, "writes_converge"));
        row(rows, "  + operator lease/election (apart)", n -> get("operator-" + n, "writes_converge_lease"));
        row(rows, "  + stand-in kubelet", n -> get("operator-" + n, "writes_converge_kubelet"));
        row(rows, "  operator writes per gateway", n -> {
            Double w = num("operator-" + n, "writes_converge");
            return w == null ? null : f(w / Integer.parseInt(n.replaceAll("\\D", "")), "%.1f");
        });
        row(rows, "steady window (s)", n -> get("operator-" + n, "steady_seconds"));
        row(rows, "writes in steady window: operator", n -> get("operator-" + n, "writes_steady"));
        row(rows, "  + operator lease renewals (apart)", n -> get("operator-" + n, "writes_steady_lease"));
        row(rows, "operator RSS peak, VmHWM (MiB)", n -> f(num("operator-" + n, "rss_peak_mib"), "%.0f"));
        row(rows, "operator RSS at end of steady window (MiB)", n -> f(num("operator-" + n, "rss_end_mib"), "%.0f"));
        row(rows, "operator CPU while converging (s)", n -> f(num("operator-" + n, "cpu_converge_s"), "%.1f"));
        row(rows, "kube-apiserver CPU while converging (s)", n -> f(num("operator-" + n, "apiserver_cpu_converge_s"), "%.1f"));
        row(rows, "operator CPU per gateway (ms)", n -> f(num("operator-" + n, "cpu_ms_per_gw"), "%.0f"));
        row(rows, "operator CPU in steady window (s)", n -> f(num("operator-" + n, "cpu_steady_s"), "%.1f"));
        row(rows, "JVM launch -> controller started (s)", n -> f(num("operator-" + n, "start_s"), "%.2f"));
        row(rows, "  CPU used by then (s)", n -> f(num("operator-" + n, "start_cpu_s"), "%.1f"));
        row(rows, "JVM launch -> leading, reconciling (s)", n -> f(num("operator-" + n, "start_leading_s"), "%.2f"));
        row(rows, "restart: JVM launch -> controller started (s)", n -> f(num("operator-" + n, "restart_start_s"), "%.2f"));
        row(rows, "restart: JVM launch -> leading (s)", n -> f(num("operator-" + n, "restart_leading_s"), "%.2f"));
        row(rows, "restart: JVM launch -> all reconciled (s)", n -> f(num("operator-" + n, "restart_all_s"), "%.2f"));
        row(rows, "restart: operator writes (until all reconciled)", n -> get("operator-" + n, "writes_restart"));
        row(rows, "restart: RSS when all reconciled (MiB)", n -> f(num("operator-" + n, "restart_rss_mib"), "%.0f"));

        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(10);
        int[] cols = new int[ns.size() + 1];
        for (String[] r : rows) {
            for (int i = 1; i < r.length; i++) {
                cols[i] = Math.max(cols[i], r[i].length());
            }
        }
        System.out.println();
        System.out.println("machine: " + run.getProperty("machine", "?"));
        System.out.println("load average at start: " + run.getProperty("load_start", "?") + "   at end: " + run.getProperty("load_end", "?"));
        System.out.println("operator: " + run.getProperty("operator", "?"));
        System.out.println();
        for (int k = 0; k < rows.size(); k++) {
            String[] r = rows.get(k);
            StringBuilder line = new StringBuilder(String.format("%-" + width + "s", r[0]));
            for (int i = 1; i < r.length; i++) {
                line.append(" | ").append(String.format("%" + Math.max(cols[i], 6) + "s", r[i]));
            }
            System.out.println(line);
            if (k == 0) {
                System.out.println("-".repeat(line.length()));
            }
        }
        System.out.println();
        String big = ns.stream().filter(c -> !c.startsWith("rich-")).reduce((a, b) -> b).orElse("none");
        String o = "operator-" + big;
        System.out.printf("bench: n100_ratio=%s n500_ratio=%s cpu_ms_per_gw=%s rss_mib_n500=%s start_s=%s restart_all_s=%s steady_writes=%s%n",
                na(f(ratio("100"), "%.3f")), na(f(ratio("500"), "%.3f")), na(f(num(o, "cpu_ms_per_gw"), "%.0f")),
                na(f(num("operator-500", "rss_peak_mib"), "%.0f")), na(f(num(o, "start_s"), "%.2f")), na(f(num(o, "restart_all_s"), "%.2f")),
                na(get(o, "writes_steady")));
    }

    private static String na(String v) {
        return v == null ? "NA" : v;
    }
}
