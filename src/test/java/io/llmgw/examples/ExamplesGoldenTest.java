package io.llmgw.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.llmgw.cli.Render;
import io.llmgw.model.GatewayModel;

/**
 * What the operator applies for each example, reviewed as files: src/test/resources/golden/EXAMPLE/ holds one
 * {@code Kind-name.yaml} per rendered object plus {@code config.yaml}, the rendered LiteLLM config on its own.
 * Map entries are sorted by key (see {@link Examples#asYaml}), so regeneration is deterministic.
 * <p>
 * Regenerate after an intended change and review the diff:
 * {@code ./mvnw -B -o test -Dtest=ExamplesGoldenTest -Dllmgw.updateGolden=true}
 */
class ExamplesGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");
    static final String CONFIG_FILE = "config.yaml";
    static final String REGENERATE = "./mvnw -B -o test -Dtest=ExamplesGoldenTest -Dllmgw.updateGolden=true";

    @TestFactory
    Stream<DynamicTest> renderedObjectsMatchGoldenFiles() {
        return Examples.names().stream().map(name -> DynamicTest.dynamicTest(name, () -> check(name)));
    }

    /** Golden directories of examples that no longer exist would go stale silently. */
    @TestFactory
    Stream<DynamicTest> everyGoldenDirectoryHasAnExample() throws IOException {
        if (!Files.isDirectory(GOLDEN)) {
            return Stream.empty();
        }
        Set<String> examples = Set.copyOf(Examples.names());
        List<String> dirs;
        try (Stream<Path> list = Files.list(GOLDEN)) {
            dirs = list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir, () -> {
            if (!examples.contains(dir) && update()) {
                deleteTree(GOLDEN.resolve(dir));
                return;
            }
            assertThat(examples).as("golden/%s has no examples/%s.yaml; remove it or regenerate with %s", dir, dir, REGENERATE)
                    .contains(dir);
        }));
    }

    private static void check(String name) throws IOException {
        Map<String, String> rendered = render(name);
        Path dir = GOLDEN.resolve(name);
        if (update()) {
            write(dir, rendered);
            return;
        }
        Map<String, String> golden = read(dir);
        List<String> problems = new ArrayList<>();
        for (var e : rendered.entrySet()) {
            String expected = golden.get(e.getKey());
            if (expected == null) {
                problems.add("new object without a golden file: " + e.getKey());
            } else if (!expected.equals(e.getValue())) {
                problems.add("differs from its golden file: " + e.getKey());
            }
        }
        for (String file : golden.keySet()) {
            if (!rendered.containsKey(file)) {
                problems.add("golden file for an object that is no longer rendered: " + file);
            }
        }
        if (problems.isEmpty()) {
            return;
        }
        String message = String.format("examples/%s.yaml no longer renders as %s:%n  %s%nIf the change is intended, regenerate with%n  %s%nand review the diff.",
                name, dir, String.join(System.lineSeparator() + "  ", problems), REGENERATE);
        // Show the first textual difference too, so the failure is readable without a diff tool.
        for (var e : rendered.entrySet()) {
            String expected = golden.get(e.getKey());
            if (expected != null && !expected.equals(e.getValue())) {
                assertThat(e.getValue()).as(message + System.lineSeparator() + "First difference, in " + e.getKey()).isEqualTo(expected);
            }
        }
        fail(message);
    }

    /** File name to content: one file per object, plus config.yaml. */
    static Map<String, String> render(String name) {
        GatewayModel model = Examples.model(name);
        List<HasMetadata> objects = Render.objects(model);
        Map<String, String> files = new TreeMap<>();
        for (HasMetadata object : objects) {
            String previous = files.put(Examples.fileName(object), Examples.asYaml(object));
            assertThat(previous).as("two rendered objects map to golden file %s", Examples.fileName(object)).isNull();
        }
        String previous = files.put(CONFIG_FILE, Examples.configYaml(model, objects));
        assertThat(previous).as("an object named like %s", CONFIG_FILE).isNull();
        return files;
    }

    private static boolean update() {
        return Boolean.getBoolean("llmgw.updateGolden");
    }

    private static Map<String, String> read(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(Files::isRegularFile).toList()) {
                files.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static void write(Path dir, Map<String, String> files) throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir);
        for (var e : files.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
