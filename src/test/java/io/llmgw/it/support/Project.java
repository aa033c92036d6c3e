package io.llmgw.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the project the integration tier runs in (Maven runs it with the project root as working directory). */
public final class Project {
    private Project() {
    }

    public static Path root() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("deploy/crds"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the project root (pom.xml next to deploy/crds) from " + dir);
    }

    public static Path file(String relative) {
        return root().resolve(relative);
    }

    /** A scratch directory under target/ for kubeconfig files and process logs (kept after the run for debugging). */
    public static Path workDir() {
        Path dir = root().resolve("target/it");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    public static String read(String relative) {
        try {
            return Files.readString(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
