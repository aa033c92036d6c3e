package io.llmgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.llmgw.it.support.Project;

/**
 * The packaged jar as a user runs it: help and usage exit 0 without starting the operator (no cluster is needed,
 * nothing is logged), an unknown command or an unreadable file is one line on standard error and exit 2, never a
 * stack trace.
 */
class CliIT {
    record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Run java(String... args) throws Exception {
        Path jar = Project.file("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("the packaged operator (./mvnw package)").isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString()));
        command.addAll(List.of(args));
        // No kubeconfig anywhere: starting the operator by mistake would fail loudly instead of finding a cluster.
        ProcessBuilder builder = new ProcessBuilder(command).directory(Project.root().toFile());
        builder.environment().put("KUBECONFIG", "/nonexistent/kubeconfig");
        Process process = builder.start();
        process.getOutputStream().close();
        var out = process.getInputStream();
        var err = process.getErrorStream();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("java -jar %s ends by itself", String.join(" ", args)).isTrue();
        return new Run(process.exitValue(), new String(out.readAllBytes(), StandardCharsets.UTF_8), new String(err.readAllBytes(),
                StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsTheUsageAndExitsZeroWithoutStartingTheOperator() throws Exception {
        for (String[] args : new String[][] { { "--help" }, { "-h" }, { "help" } }) {
            Run run = java(args);
            assertThat(run.code()).as(String.join(" ", args)).isZero();
            assertThat(run.out()).startsWith("usage: java -jar quarkus-run.jar").contains("render FILE", "import FILE");
            assertThat(run.err()).isEmpty();
            assertThat(run.out()).doesNotContain("Quarkus", "Installed features", "controller");
        }
    }

    @Test
    void commandHelpPrintsThatCommandsUsage() throws Exception {
        Run render = java("render", "--help");
        assertThat(render.code()).isZero();
        assertThat(render.out()).startsWith("usage: render [-n|--namespace NAMESPACE] FILE");
        assertThat(render.err()).isEmpty();

        Run importer = java("import", "--help");
        assertThat(importer.code()).isZero();
        assertThat(importer.out()).startsWith("usage: import [--name NAME]");
        assertThat(importer.err()).isEmpty();
    }

    @Test
    void anUnknownCommandIsOneClearLine() throws Exception {
        Run run = java("frobnicate");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("unknown command: frobnicate (commands: render, import; --help prints the usage)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMissingFileIsOneClearLine() throws Exception {
        Run render = java("render", "no-such-gateway.yaml");
        assertThat(render.code()).isEqualTo(2);
        assertThat(render.errLines()).containsExactly("cannot read a LiteLLMGateway from no-such-gateway.yaml: no such file");

        Run importer = java("import", "no-such-config.yaml");
        assertThat(importer.code()).isEqualTo(2);
        assertThat(importer.errLines()).containsExactly("cannot read a LiteLLM config from no-such-config.yaml: no such file");
    }

    @Test
    void anUnknownOptionShowsTheUsageAndExitsTwo() throws Exception {
        Run run = java("render", "--frobnicate", "examples/quickstart.yaml");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).startsWith("usage: render");
        assertThat(run.err()).doesNotContain("Exception");
    }
}
