package io.llmgw.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The project depends on nothing but its own repository and the package registries: no tracked file names a
 * folder beside the clone or an absolute path of somebody's machine. (The fresh-clone run of {@code .ci/run}
 * proves the same for what the scripts do; this names the offending line at once.)
 */
class SelfContainedTest {
    /** A sibling folder of the clone, or a home or work folder of a particular machine. */
    private static final Pattern OUTSIDE = Pattern.compile("\\.\\./shared|shared/(crds|notes)|(?<![\\w.])/work/|(?<![\\w.$}])/home/\\w+");

    @Test
    void noTrackedFileNamesAFolderOutsideTheRepository() throws Exception {
        List<String> hits = new ArrayList<>();
        for (String name : trackedFiles()) {
            Path file = Path.of(name);
            if (!Files.isRegularFile(file) || name.equals("src/test/java/io/llmgw/project/SelfContainedTest.java")) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length > 4_000_000 || new String(bytes, 0, Math.min(bytes.length, 8000), StandardCharsets.ISO_8859_1).indexOf('\0') >= 0) {
                continue;
            }
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (OUTSIDE.matcher(lines[i]).find()) {
                    hits.add(name + ":" + (i + 1) + ": " + lines[i].strip());
                }
            }
        }
        assertThat(hits).as("lines that point outside the repository").isEmpty();
    }

    @Test
    void thePatternCatchesWhatItIsFor() {
        // Split so that this file itself holds no such line for other checkers to report.
        assertThat(OUTSIDE.matcher("SHARED=\"../" + "shar" + "ed/crds\"").find()).isTrue();
        assertThat(OUTSIDE.matcher("Path.of(\"/wo" + "rk/shar" + "ed/crds\")").find()).isTrue();
        assertThat(OUTSIDE.matcher("cd /home/alice/src").find()).isTrue();
        assertThat(OUTSIDE.matcher("${LLMGW_CACHE:-$HOME/.cache/llmgw-operator}/crds").find()).isFalse();
        assertThat(OUTSIDE.matcher("WORKDIR /work").find()).isFalse();
    }

    private static List<String> trackedFiles() throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "ls-files", "-z").redirectErrorStream(false).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor()).as("git ls-files").isZero();
        return List.of(out.split("\0")).stream().filter(s -> !s.isEmpty()).toList();
    }
}
