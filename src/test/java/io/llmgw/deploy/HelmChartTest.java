package io.llmgw.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The Helm chart (helm/litellm-operator) renders, with the real helm binary, the same operator as the plain
 * manifests in deploy/operator: same ClusterRole rules, same leader-election Role, same pod spec with default
 * values, the same CRD; and its values take effect. Needs helm (scripts/provision-control-plane.sh): without it
 * this test fails, it is never skipped.
 */
class HelmChartTest {
    static final Path CHART = Path.of("helm/litellm-operator");
    static final Path CUSTOM_VALUES = Path.of("src/test/resources/helm/values-custom.yaml");
    static final Path DEPLOY = Path.of("deploy/operator");
    static final Path CRD = Path.of("deploy/crds/litellmgateways.llmgw.io-v1.yml");
    static final String KUBE_VERSION = "1.34.4";
    /** Release and namespace matching deploy/operator, so that names compare equal. */
    static final String RELEASE = "litellm-operator";
    static final String NAMESPACE = "litellm-operator";
    static final String CUSTOM_RELEASE = "ops";
    static final String CUSTOM_NAMESPACE = "llm-ops";
    static final Set<String> CLUSTER_SCOPED = Set.of("ClusterRole", "ClusterRoleBinding", "Namespace", "CustomResourceDefinition");

    static Path helm;
    static List<Map<String, Object>> deploy;
    static List<Map<String, Object>> defaults;
    static List<Map<String, Object>> custom;

    @BeforeAll
    static void render() throws Exception {
        helm = helmBinary();
        deploy = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEPLOY)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (!file.getFileName().toString().equals("kustomization.yaml")) {
                    deploy.addAll(documents(Files.readString(file)));
                }
            }
        }
        defaults = template(RELEASE, NAMESPACE);
        custom = template(CUSTOM_RELEASE, CUSTOM_NAMESPACE, "--values", CUSTOM_VALUES.toString());
    }

    @Test
    void chartCrdIsByteForByteTheOneInDeployCrds() throws IOException {
        try (Stream<Path> files = Files.list(CHART.resolve("crds"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly(CRD.getFileName().toString());
        }
        Path copy = CHART.resolve("crds").resolve(CRD.getFileName());
        assertThat(Files.mismatch(copy, CRD))
                .as("%s differs from %s: copy it (cp %s %s), or rerun the tests with -Dllmgw.updateCrd=true", copy, CRD, CRD, copy)
                .isEqualTo(-1L);
    }

    @Test
    void defaultValuesRenderTheKindsOfDeployOperator() {
        Set<String> deployKinds = deploy.stream().map(HelmChartTest::kindAndName)
                .filter(k -> !k.startsWith("Namespace/")).collect(Collectors.toSet());
        assertThat(defaults.stream().map(HelmChartTest::kindAndName).collect(Collectors.toSet()))
                .as("the chart's objects (the namespace is Helm's; the CRD is in crds/)")
                .isEqualTo(deployKinds);
        assertThat(custom.stream().map(HelmChartTest::kind)).containsOnlyOnce("ServiceMonitor");
    }

    @Test
    void clusterRoleRulesAreThoseOfDeployOperator() {
        Object expected = one(deploy, "ClusterRole").get("rules");
        assertThat(one(defaults, "ClusterRole").get("rules")).isEqualTo(expected);
        assertThat(one(custom, "ClusterRole").get("rules")).isEqualTo(expected);
    }

    @Test
    void leaderElectionRoleIsThatOfDeployOperator() {
        assertThat(one(defaults, "Role").get("rules")).isEqualTo(one(deploy, "Role").get("rules"));
        assertThat(one(custom, "Role").get("rules")).isEqualTo(one(deploy, "Role").get("rules"));
    }

    @Test
    void defaultDeploymentRunsTheSamePodAsDeployOperator() {
        Map<String, Object> expectedPod = podSpec(one(deploy, "Deployment"));
        Map<String, Object> renderedPod = podSpec(one(defaults, "Deployment"));
        Map<String, Object> expectedContainer = new HashMap<>(onlyContainer(expectedPod));
        Map<String, Object> renderedContainer = new HashMap<>(onlyContainer(renderedPod));
        assertThat(renderedContainer.remove("image")).as("default image").isEqualTo(expectedContainer.remove("image"));
        assertThat(renderedContainer).as("operator container, image aside").isEqualTo(expectedContainer);

        Map<String, Object> expectedRest = new HashMap<>(expectedPod);
        Map<String, Object> renderedRest = new HashMap<>(renderedPod);
        expectedRest.remove("containers");
        renderedRest.remove("containers");
        assertThat(renderedRest).as("pod spec besides the container").isEqualTo(expectedRest);
        assertThat(spec(one(defaults, "Deployment")).get("replicas")).isEqualTo(spec(one(deploy, "Deployment")).get("replicas"));
    }

    @Test
    void metricsServiceIsThatOfDeployOperator() {
        assertThat(spec(one(defaults, "Service")).get("ports")).isEqualTo(spec(one(deploy, "Service")).get("ports"));
        assertThat(metadata(one(defaults, "Service")).get("name")).isEqualTo(metadata(one(deploy, "Service")).get("name"));
    }

    @Test
    void everythingIsInTheReleaseNamespaceWithStandardLabels() {
        for (var rendered : Map.of(NAMESPACE, defaults, CUSTOM_NAMESPACE, custom).entrySet()) {
            for (Map<String, Object> object : rendered.getValue()) {
                Map<String, Object> metadata = metadata(object);
                if (CLUSTER_SCOPED.contains(kind(object))) {
                    assertThat(metadata).as(kindAndName(object)).doesNotContainKey("namespace");
                } else {
                    assertThat(metadata.get("namespace")).as(kindAndName(object)).isEqualTo(rendered.getKey());
                }
                assertThat(map(metadata, "labels")).as(kindAndName(object)).containsKeys("app.kubernetes.io/name",
                        "app.kubernetes.io/instance", "app.kubernetes.io/version", "app.kubernetes.io/managed-by", "helm.sh/chart");
            }
        }
        for (String kind : List.of("ClusterRoleBinding", "RoleBinding")) {
            assertThat(list(one(custom, kind), "subjects")).singleElement()
                    .isEqualTo(Map.of("kind", "ServiceAccount", "name", "ops-litellm-operator", "namespace", CUSTOM_NAMESPACE));
        }
        assertThat(map(one(custom, "ClusterRoleBinding"), "roleRef").get("name")).isEqualTo("ops-litellm-operator");
    }

    @Test
    void noServiceMonitorByDefault() {
        assertThat(defaults.stream().map(HelmChartTest::kind)).doesNotContain("ServiceMonitor");
    }

    @Test
    void customValuesTakeEffect() {
        Map<String, Object> deployment = one(custom, "Deployment");
        assertThat(spec(deployment).get("replicas")).isEqualTo(1);
        Map<String, Object> pod = podSpec(deployment);
        Map<String, Object> container = onlyContainer(pod);
        assertThat(container.get("image")).isEqualTo("registry.example.com/platform/litellm-operator"
                + "@sha256:4a5d0f3c8e2b7a9d1c6e0f4b3a2d5c8e7f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c");
        assertThat(container.get("imagePullPolicy")).isEqualTo("Always");
        assertThat(env(container, "QUARKUS_OPERATOR_SDK_CONTROLLERS_LITELLMGATEWAY_NAMESPACES")).isEqualTo("team-a,team-b");
        assertThat(env(container, "QUARKUS_LOG_LEVEL")).isEqualTo("DEBUG");
        assertThat(env(container, "LLMGW_ROUTE_ALLOWED_NAMESPACES")).isEqualTo("network,shared-*");
        assertThat(map(container, "resources")).isEqualTo(Map.of("requests", Map.of("cpu", "50m", "memory", "192Mi"),
                "limits", Map.of("cpu", "1", "memory", "384Mi")));
        assertThat(list(pod, "imagePullSecrets")).containsExactly(Map.of("name", "registry-credentials"));
        assertThat(map(pod, "nodeSelector")).isEqualTo(Map.of("kubernetes.io/os", "linux"));
        assertThat(list(pod, "tolerations")).hasSize(1);
        assertThat(map(pod, "affinity")).containsKey("podAntiAffinity");
        assertThat(pod.get("serviceAccountName")).isEqualTo("ops-litellm-operator");

        Map<String, Object> monitor = one(custom, "ServiceMonitor");
        assertThat(monitor.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
        assertThat(map(metadata(monitor), "labels")).containsEntry("release", "kube-prometheus-stack");
        assertThat(list(spec(monitor), "endpoints")).singleElement()
                .isEqualTo(Map.of("port", "http", "path", "/q/metrics", "interval", "15s"));
        assertThat(map(spec(monitor), "namespaceSelector")).isEqualTo(Map.of("matchNames", List.of(CUSTOM_NAMESPACE)));
        // The ServiceMonitor selects the metrics Service.
        assertThat(map(metadata(one(custom, "Service")), "labels"))
                .containsAllEntriesOf(stringMap(map(map(spec(monitor), "selector"), "matchLabels")));
    }

    @Test
    void defaultValuesWatchEveryNamespace() {
        Map<String, Object> container = onlyContainer(podSpec(one(defaults, "Deployment")));
        assertThat(env(container, "QUARKUS_OPERATOR_SDK_CONTROLLERS_LITELLMGATEWAY_NAMESPACES")).isEqualTo("JOSDK_ALL_NAMESPACES");
        assertThat(env(container, "LLMGW_ROUTE_ALLOWED_NAMESPACES")).as("routes into other namespaces: none by default").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "src/test/resources/helm/values-custom.yaml" })
    void helmLintPassesStrict(String valuesFile) throws Exception {
        List<String> args = new ArrayList<>(List.of("lint", CHART.toString(), "--strict", "--kube-version", KUBE_VERSION));
        if (!valuesFile.isEmpty()) {
            args.addAll(List.of("--values", valuesFile));
        }
        Result lint = run(args);
        assertThat(lint.exitCode()).as("helm %s:%n%s%s", String.join(" ", args), lint.stdout(), lint.stderr()).isZero();
        assertThat(lint.stdout()).contains("1 chart(s) linted, 0 chart(s) failed").doesNotContain("[WARNING]", "[ERROR]");
    }

    @Test
    void valuesSchemaRejectsUnknownKeys() throws Exception {
        Result typo = run(List.of("template", RELEASE, CHART.toString(), "--kube-version", KUBE_VERSION, "--set", "watchNamespace=team-a"));
        assertThat(typo.exitCode()).isNotZero();
        assertThat(typo.stderr()).contains("watchNamespace");
    }

    // ------------------------------------------------------------------------------------------ helm

    record Result(int exitCode, String stdout, String stderr) {
    }

    /** $LLMGW_HELM, else LLMGW_HELM from the provisioning script's env file. Fails (never skips) without it. */
    static Path helmBinary() throws IOException {
        String hint = "helm is needed by this test: run scripts/provision-control-plane.sh (it builds and caches helm and writes "
                + "the env file), or set LLMGW_HELM to a helm v3 binary";
        String fromEnv = System.getenv("LLMGW_HELM");
        String source = "LLMGW_HELM";
        if (fromEnv == null || fromEnv.isBlank()) {
            String cache = Optional.ofNullable(System.getenv("LLMGW_CACHE")).filter(s -> !s.isBlank())
                    .orElse(System.getProperty("user.home") + "/.cache/llmgw-operator");
            Path envFile = Path.of(cache, "control-plane.env");
            if (!Files.isRegularFile(envFile)) {
                fail("%s (LLMGW_HELM is unset and %s does not exist)", hint, envFile);
            }
            Matcher m = Pattern.compile("(?m)^export LLMGW_HELM=(.*)$").matcher(Files.readString(envFile));
            fromEnv = m.find() ? unquote(m.group(1).trim()) : "";
            source = envFile.toString();
        }
        if (fromEnv.isBlank()) {
            fail("%s (no helm path in %s)", hint, source);
        }
        Path binary = Path.of(fromEnv);
        if (!Files.isExecutable(binary)) {
            fail("%s (%s from %s is not an executable file)", hint, binary, source);
        }
        return binary;
    }

    /** Undoes bash's printf %q quoting of a simple path. */
    static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'") || value.startsWith("\"") && value.endsWith("\""))) {
            return value.substring(1, value.length() - 1);
        }
        return value.replaceAll("\\\\(.)", "$1");
    }

    static Result run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(helm.toString());
        command.addAll(args);
        Path out = Files.createTempFile("helm", ".out");
        Path err = Files.createTempFile("helm", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("%s did not finish in 120 s", String.join(" ", command));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static List<Map<String, Object>> template(String release, String namespace, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("template", release, CHART.toString(), "--namespace", namespace,
                "--kube-version", KUBE_VERSION));
        args.addAll(List.of(extra));
        Result result = run(args);
        assertThat(result.exitCode()).as("helm %s:%n%s", String.join(" ", args), result.stderr()).isZero();
        return documents(result.stdout());
    }

    // ------------------------------------------------------------------------------------------ YAML

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(yaml)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    static String kind(Map<String, Object> object) {
        return (String) object.get("kind");
    }

    static String kindAndName(Map<String, Object> object) {
        return kind(object) + "/" + metadata(object).get("name");
    }

    static Map<String, Object> one(List<Map<String, Object>> objects, String kind) {
        List<Map<String, Object>> found = objects.stream().filter(o -> kind.equals(kind(o))).toList();
        assertThat(found).as("one %s in %s", kind, objects.stream().map(HelmChartTest::kindAndName).toList()).hasSize(1);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? List.of() : (List<Object>) value;
    }

    static Map<String, String> stringMap(Map<String, Object> map) {
        Map<String, String> strings = new LinkedHashMap<>();
        map.forEach((k, v) -> strings.put(k, String.valueOf(v)));
        return strings;
    }

    static Map<String, Object> metadata(Map<String, Object> object) {
        return map(object, "metadata");
    }

    static Map<String, Object> spec(Map<String, Object> object) {
        return map(object, "spec");
    }

    static Map<String, Object> podSpec(Map<String, Object> deployment) {
        return spec(map(spec(deployment), "template"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> onlyContainer(Map<String, Object> podSpec) {
        assertThat(list(podSpec, "containers")).hasSize(1);
        return (Map<String, Object>) list(podSpec, "containers").get(0);
    }

    @SuppressWarnings("unchecked")
    static String env(Map<String, Object> container, String name) {
        return list(container, "env").stream().map(e -> (Map<String, Object>) e).filter(e -> name.equals(e.get("name")))
                .map(e -> (String) e.get("value")).findFirst().orElseThrow(() -> new AssertionError("no env " + name));
    }
}
