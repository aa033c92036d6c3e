package io.llmgw.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The operator's packages form a layering without cycles (api, model, operator.resource, operator.state below
 * operator.dependent, operator.condition and operator.status, below the reconciler and the CLI), so a package can be
 * read, tested and changed without the ones above it. A scan of the sources: every reference to a project class by its
 * package, in an import or written out in the code.
 */
class PackageCyclesTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    /** A project class named with its package: the package is the lower-case segments before the first capital. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.llmgw(?:\\.[a-z][a-z0-9]*)+)\\.[A-Z]");

    @Test
    void packagesHaveNoCycles() {
        Map<String, Set<String>> uses = dependencies();
        assertThat(uses).as("packages found").containsKeys("io.llmgw.operator", "io.llmgw.operator.state", "io.llmgw.model");
        List<String> cycles = new ArrayList<>();
        for (String from : uses.keySet()) {
            for (String to : uses.get(from)) {
                if (reaches(uses, to, from, new HashSet<>())) {
                    cycles.add(from + " -> " + to);
                }
            }
        }
        assertThat(cycles).as("package dependencies that are part of a cycle; each package uses: " + uses).isEmpty();
    }

    @Test
    void theScanSeesACycle() {
        Map<String, Set<String>> uses = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")));
        assertThat(reaches(uses, "b", "a", new HashSet<>())).isTrue();
        assertThat(reaches(uses, "a", "d", new HashSet<>())).isFalse();
    }

    private static boolean reaches(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
        if (from.equals(target)) {
            return true;
        }
        if (!seen.add(from)) {
            return false;
        }
        return uses.getOrDefault(from, Set.of()).stream().anyMatch(next -> reaches(uses, next, target, seen));
    }

    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                String source = read(file);
                Matcher declared = PACKAGE.matcher(source);
                if (!declared.find()) {
                    return;
                }
                String own = declared.group(1);
                Set<String> targets = uses.computeIfAbsent(own, p -> new TreeSet<>());
                Matcher reference = REFERENCE.matcher(source.substring(declared.end()));
                while (reference.find()) {
                    if (!reference.group(1).equals(own)) {
                        targets.add(reference.group(1));
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return uses;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
