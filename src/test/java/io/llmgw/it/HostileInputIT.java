package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.it.support.Await;
import io.llmgw.it.support.Gateways;
import io.llmgw.it.support.ItEnvironment;

/**
 * Hostile and mistaken gateways, from src/test/resources/hostile/cases.yaml (the file says how a case is
 * written), applied in one batch to the real API server and the shared operator. Each must be refused at apply
 * (the schema or CEL answers 4xx) or reach Stalled=True with the expected reason for its current generation
 * within the bound, or (a few legitimate-looking ones) be accepted without Stalled. Meanwhile: the operator stays
 * alive and still serves a canary gateway, no planted secret value shows up in a ConfigMap, a status, an Event or
 * the operator's log, no stack trace names a case, and a refused gateway creates nothing. Prints one line of
 * figures.
 */
class HostileInputIT {
    static final Duration BOUND = Duration.ofSeconds(120);
    /** Every secret value the cases can reach contains this marker; none may appear outside Secrets. */
    static final String MARKER = "planted";
    static final String SECRET_VALUE = "sk-" + MARKER + "-" + UUID.randomUUID();
    static final String BAD_MASTER = "not-sk-" + MARKER + "-" + UUID.randomUUID();

    static KubernetesClient client;
    static ItEnvironment env;
    static final ConcurrentLinkedQueue<LogRecord> log = new ConcurrentLinkedQueue<>();
    static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            log.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    record Case(String id, String expect, String name, String namespace, Object spec) {
        boolean refused() {
            return "refused".equals(expect);
        }

        boolean accepted() {
            return "accepted".equals(expect);
        }

        String reason() {
            return expect.startsWith("Stalled:") ? expect.substring("Stalled:".length()) : null;
        }
    }

    @BeforeAll
    static void environment() {
        env = ItEnvironment.get();
        client = env.client();
        java.util.logging.Logger.getLogger("").addHandler(CAPTURE);
    }

    @AfterAll
    static void detach() {
        java.util.logging.Logger.getLogger("").removeHandler(CAPTURE);
    }

    @SuppressWarnings("unchecked")
    static List<Case> cases() throws IOException {
        try (InputStream in = HostileInputIT.class.getResourceAsStream("/hostile/cases.yaml")) {
            List<Map<String, Object>> raw = new Yaml().load(in);
            List<Case> cases = new ArrayList<>();
            for (Map<String, Object> c : raw) {
                cases.add(new Case((String) c.get("id"), (String) c.get("expect"), (String) c.get("name"), (String) c.get("namespace"),
                        c.get("spec")));
            }
            return cases;
        }
    }

    @Test
    void hostileGatewaysAreRefusedOrStalledAndNothingLeaks() throws IOException {
        List<Case> cases = cases();
        Set<String> ids = new TreeSet<>();
        cases.forEach(c -> assertThat(ids.add(c.id())).as("case ids are unique: %s", c.id()).isTrue());
        String ns = env.controlPlane().createNamespace("hostile");
        String okNs = env.controlPlane().createNamespace("hostile-ok");
        String closed = env.controlPlane().createNamespace("closed");
        for (String n : List.of(ns, okNs)) {
            Gateways.providerSecret(client, n, "provider", "api-key", SECRET_VALUE);
            Gateways.providerSecret(client, n, "badmaster", "key", BAD_MASTER);
            Gateways.providerSecret(client, n, "salt", "key", "salt-" + MARKER + "-" + UUID.randomUUID());
        }

        Map<Case, String> outcome = new LinkedHashMap<>();
        Map<Case, String> names = new LinkedHashMap<>();
        int index = 0;
        for (Case c : cases) {
            index++;
            String name = c.name() != null ? c.name() : "h" + index + "-" + c.id().replaceAll("[^a-z0-9-]", "-");
            name = name.length() > 40 && c.name() == null ? name.substring(0, 40).replaceAll("-+$", "") : name;
            names.put(c, name);
            String target = c.accepted() ? okNs : ns;
            Object spec = Template.spec(c.spec(), Map.of("${name}", name, "${closed}", closed, "${ns}", target));
            GenericKubernetesResource gw = new GenericKubernetesResource();
            gw.setApiVersion("llmgw.io/v1alpha1");
            gw.setKind("LiteLLMGateway");
            gw.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace(target).build());
            gw.setAdditionalProperty("spec", spec);
            try {
                client.genericKubernetesResources("llmgw.io/v1alpha1", "LiteLLMGateway").inNamespace(target).resource(gw).create();
                outcome.put(c, "created");
            } catch (KubernetesClientException e) {
                outcome.put(c, e.getCode() >= 400 && e.getCode() < 500 && e.getCode() != 409 ? "refused" : "error " + e.getCode() + ": "
                        + firstLine(e.getMessage()));
            }
        }

        // Wait for every created case to have a status for its generation: Stalled for refused specs, any for the rest.
        Map<Case, LiteLLMGateway> last = new LinkedHashMap<>();
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            last.clear();
            for (var e : outcome.entrySet()) {
                if (!"created".equals(e.getValue())) {
                    continue;
                }
                Case c = e.getKey();
                last.put(c, Gateways.gateway(client, c.accepted() ? okNs : ns, names.get(c)).get());
            }
            boolean settled = last.entrySet().stream().allMatch(e -> settled(e.getKey(), e.getValue()));
            if (settled || System.nanoTime() > deadline) {
                break;
            }
            Await.sleep(Duration.ofSeconds(2));
        }

        // The operator is alive and still serves a gateway created after all of them.
        String canaryNs = env.controlPlane().createNamespace("canary");
        Gateways.providerSecret(client, canaryNs, "provider", "api-key", SECRET_VALUE);
        Gateways.create(client, canaryNs, """
                apiVersion: llmgw.io/v1alpha1
                kind: LiteLLMGateway
                metadata: {name: canary}
                spec:
                  models: [{name: m, model: openai/m, apiKey: {secretKeyRef: {name: provider, key: api-key}}}]
                """);
        boolean alive;
        try {
            Await.until("the operator still reconciles a new gateway", Gateways.CONVERGE,
                    () -> Gateways.gateway(client, canaryNs, "canary").get(),
                    g -> Gateways.observedCurrent(g) && Gateways.is(g, "Stalled", "False"), Gateways::describe);
            alive = true;
        } catch (AssertionError e) {
            alive = false;
        }

        List<String> wrong = new ArrayList<>();
        int refused = 0;
        int stalled = 0;
        int accepted = 0;
        for (var e : outcome.entrySet()) {
            Case c = e.getKey();
            String got = e.getValue();
            LiteLLMGateway gw = last.get(c);
            if (c.refused()) {
                if ("refused".equals(got)) {
                    refused++;
                } else {
                    wrong.add(c.id() + ": expected refusal at apply, got " + got + " " + Gateways.describe(gw));
                }
            } else if ("refused".equals(got) || !"created".equals(got)) {
                wrong.add(c.id() + ": expected " + c.expect() + ", but apply said " + got);
            } else if (c.accepted()) {
                if (Gateways.observedCurrent(gw) && Gateways.is(gw, "Stalled", "False")) {
                    accepted++;
                } else {
                    wrong.add(c.id() + ": expected accepted, got " + Gateways.describe(gw));
                }
            } else if (Gateways.observedCurrent(gw) && Gateways.is(gw, "Stalled", "True", c.reason())) {
                stalled++;
            } else {
                wrong.add(c.id() + ": expected " + c.expect() + ", got " + Gateways.describe(gw));
            }
        }

        // A refused or stalled gateway applies nothing; a route never lands where it was not allowed.
        List<String> created = new ArrayList<>();
        created.addAll(objects(client.apps().deployments().inNamespace(ns).list().getItems()));
        created.addAll(objects(client.services().inNamespace(ns).list().getItems()));
        created.addAll(objects(client.configMaps().inNamespace(ns).list().getItems().stream()
                .filter(c -> !"kube-root-ca.crt".equals(c.getMetadata().getName())).toList()));
        for (String n : List.of(ns, closed, "kube-system", "kube-public", "default")) {
            created.addAll(objects(client.resources(HTTPRoute.class).inNamespace(n).list().getItems()));
        }
        wrong.addAll(created.stream().map(o -> "created although refused: " + o).toList());

        // No planted value outside Secrets.
        List<String> leaks = new ArrayList<>();
        for (String n : List.of(ns, okNs, canaryNs)) {
            client.configMaps().inNamespace(n).list().getItems().forEach(cm -> leak(leaks, "ConfigMap " + n + "/" + cm.getMetadata().getName(),
                    Serialization.asYaml(cm.getData())));
            client.v1().events().inNamespace(n).list().getItems().forEach(ev -> leak(leaks, "Event " + n + "/" + ev.getMetadata().getName(),
                    ev.getMessage() + " " + ev.getReason()));
            client.resources(LiteLLMGateway.class).inNamespace(n).list().getItems().forEach(g -> leak(leaks,
                    "status of " + n + "/" + g.getMetadata().getName(), Serialization.asYaml(g.getStatus())));
        }
        List<String> crashes = new ArrayList<>();
        for (LogRecord r : log) {
            String text = format(r);
            leak(leaks, "operator log (" + r.getLoggerName() + ")", text);
            if (r.getThrown() != null) {
                for (var e : names.entrySet()) {
                    if (Pattern.compile("(?<![-a-z0-9])" + Pattern.quote(e.getValue()) + "(?![-a-z0-9])").matcher(text).find()) {
                        crashes.add(e.getKey().id() + ": " + firstLine(text));
                    }
                }
            }
        }
        if (!alive) {
            crashes.add("the operator no longer reconciles a new gateway");
        }
        List<String> distinctCrashes = crashes.stream().distinct().toList();

        // Every case can be deleted (no finalizer hangs), which also leaves the shared operator to the next tests.
        for (String n : List.of(ns, okNs, canaryNs)) {
            client.resources(LiteLLMGateway.class).inNamespace(n).delete();
        }
        try {
            Await.until("every hostile gateway is deleted", BOUND, () -> List.of(ns, okNs, canaryNs).stream()
                    .allMatch(n -> client.resources(LiteLLMGateway.class).inNamespace(n).list().getItems().isEmpty()));
        } catch (AssertionError e) {
            for (String n : List.of(ns, okNs, canaryNs)) {
                client.resources(LiteLLMGateway.class).inNamespace(n).list().getItems()
                        .forEach(g -> wrong.add("deletion hangs: " + n + "/" + g.getMetadata().getName()));
            }
        }

        String figures = String.format(Locale.ROOT, "hostile: %d cases, refused at apply %d, stalled %d, wrong %d, crashes %d, leaks %d",
                outcome.size(), refused, stalled, wrong.size(), distinctCrashes.size(), leaks.size());
        System.out.println(figures + " (and accepted, legitimately: " + accepted + ")");
        wrong.forEach(w -> System.out.println("  wrong: " + w));
        distinctCrashes.forEach(w -> System.out.println("  crash: " + w));
        leaks.forEach(w -> System.out.println("  leak: " + w));
        assertThat(outcome.size()).as("at least 150 cases run").isGreaterThanOrEqualTo(150);
        assertThat(wrong).as(figures).isEmpty();
        assertThat(distinctCrashes).as(figures).isEmpty();
        assertThat(leaks).as(figures).isEmpty();
    }

    /** Refused specs settle when Stalled for the current generation; accepted ones once any status is current. */
    static boolean settled(Case c, LiteLLMGateway gw) {
        if (!Gateways.observedCurrent(gw)) {
            return false;
        }
        return c.accepted() ? Gateways.condition(gw, "Stalled").isPresent() : Gateways.is(gw, "Stalled", "True");
    }

    static void leak(List<String> leaks, String where, String text) {
        if (text != null && (text.contains(SECRET_VALUE) || text.contains(BAD_MASTER) || text.toLowerCase(Locale.ROOT).contains(MARKER))) {
            leaks.add(where + ": " + firstLine(text));
        }
    }

    static String format(LogRecord r) {
        StringBuilder text = new StringBuilder(String.valueOf(r.getMessage()));
        if (r.getParameters() != null) {
            for (Object p : r.getParameters()) {
                text.append(' ').append(p);
            }
        }
        for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
            text.append(" | ").append(t);
        }
        return text.toString();
    }

    static List<String> objects(List<? extends HasMetadata> items) {
        return items.stream().map(o -> o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()).toList();
    }

    static String firstLine(String s) {
        String line = s == null ? "null" : s.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** Builds a case's spec: the base gateway with the case's spec merged in, placeholders and generators expanded. */
    static final class Template {
        static final String BASE = """
                models:
                  - name: m
                    model: openai/m
                    apiKey: {secretKeyRef: {name: provider, key: api-key}}
                """;

        @SuppressWarnings("unchecked")
        static Object spec(Object overlay, Map<String, String> vars) {
            Map<String, Object> base = new Yaml().load(BASE);
            if (overlay instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("$replace"))) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
                copy.remove("$replace");
                return (Map<String, Object>) expand(copy, vars);
            }
            if (overlay != null && !(overlay instanceof Map)) {
                // A spec that is not an object at all (a type error): sent as it is.
                return overlay;
            }
            return (Map<String, Object>) expand(merge(base, (Map<String, Object>) overlay), vars);
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overlay) {
            Map<String, Object> out = new LinkedHashMap<>(base);
            if (overlay == null) {
                return out;
            }
            overlay.forEach((k, v) -> {
                if (v == null) {
                    out.remove(k);
                } else if (v instanceof Map && out.get(k) instanceof Map) {
                    out.put(k, merge((Map<String, Object>) out.get(k), (Map<String, Object>) v));
                } else {
                    out.put(k, v);
                }
            });
            return out;
        }

        /** "${repeat:N:text}" becomes a list of N strings text0..; "${models:N}" N models; "${nest:N}" N nested maps. */
        static final Pattern STRING = Pattern.compile("\\$\\{string:(\\d+):([^}]*)\\}");

        static Object expand(Object value, Map<String, String> vars) {
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(String.valueOf(expand(String.valueOf(k), vars)), expand(v, vars)));
                return out;
            }
            if (value instanceof List<?> list) {
                return list.stream().map(v -> expand(v, vars)).toList();
            }
            if (value instanceof String s) {
                if (s.startsWith("${repeat:")) {
                    String[] parts = s.substring(2, s.length() - 1).split(":", 3);
                    int n = Integer.parseInt(parts[1]);
                    List<String> out = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        out.add(parts[2] + i);
                    }
                    return out;
                }
                if (s.startsWith("${models:")) {
                    int n = Integer.parseInt(s.substring(9, s.length() - 1));
                    List<Object> out = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        out.add(Map.of("name", "m" + i, "model", "openai/m" + i));
                    }
                    return out;
                }
                if (s.startsWith("${nest:")) {
                    String[] parts = s.substring(2, s.length() - 1).split(":", 3);
                    Object inner = Map.of(parts[2].split("=", 2)[0], parts[2].split("=", 2)[1]);
                    for (int i = Integer.parseInt(parts[1]); i > 0; i--) {
                        inner = Map.of("level" + i, inner);
                    }
                    return inner;
                }
                String out = STRING.matcher(s).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                        m.group(2).repeat(Integer.parseInt(m.group(1)))));
                for (var e : vars.entrySet()) {
                    out = out.replace(e.getKey(), e.getValue());
                }
                return out;
            }
            return value;
        }
    }
}
