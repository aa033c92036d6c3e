package io.llmgw.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl of the provisioned Kubernetes version, pointed at the test API server's kubeconfig file. */
public final class Kubectl {
    private Kubectl() {
    }

    public record Result(int exitCode, String output) {
        public Result assertSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("kubectl exited with " + exitCode + ":\n" + output);
            }
            return this;
        }
    }

    public static Result run(ControlPlane controlPlane, String... args) {
        List<String> command = new ArrayList<>();
        command.add(controlPlane.binaries().kubectl().toString());
        command.add("--kubeconfig=" + controlPlane.kubeconfigFile());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
