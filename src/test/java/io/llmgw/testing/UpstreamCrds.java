package io.llmgw.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the upstream CRDs are: the folder {@code scripts/provision-crds.sh} fills from the upstream projects' Go
 * modules (pinned in {@code scripts/upstream-crds/go.mod}), one {@code <crd-name>.yaml} per CRD. That is
 * {@code $LLMGW_UPSTREAM_CRDS} when set, else {@code ${LLMGW_CACHE:-~/.cache/llmgw-operator}/crds}. A missing folder or
 * file fails the test with the command to run: a check against a schema that is not there must never pass.
 */
public final class UpstreamCrds {
    public static final String ENV = "LLMGW_UPSTREAM_CRDS";

    private UpstreamCrds() {
    }

    public static Path directory() {
        String env = System.getenv(ENV);
        Path dir;
        if (env != null && !env.isBlank()) {
            dir = Path.of(env);
        } else {
            String cache = System.getenv("LLMGW_CACHE");
            dir = (cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache/llmgw-operator"))
                    .resolve("crds");
        }
        if (!Files.isDirectory(dir)) {
            throw new AssertionError("no upstream CRDs in " + dir.toAbsolutePath() + ": run scripts/provision-crds.sh (or set " + ENV + ")");
        }
        return dir;
    }

    /** The file of one CRD by its name, e.g. {@code clusters.postgresql.cnpg.io}. */
    public static Path file(String crdName) {
        Path file = directory().resolve(crdName + ".yaml");
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("upstream CRD " + file.toAbsolutePath() + " does not exist: run scripts/provision-crds.sh");
        }
        return file;
    }

    /** Every provisioned CRD file. */
    public static List<Path> all() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
