package io.llmgw.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Problem;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point. Without a command it runs the operator; {@code render FILE} prints the objects the operator
 * would apply for a LiteLLMGateway, offline (for GitOps review).
 */
@QuarkusMain
public class Main {
    public static void main(String... args) {
        if (args.length > 0 && "render".equals(args[0])) {
            quietLogging();
            System.exit(render(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        Quarkus.run(args);
    }

    /** Offline commands do not boot Quarkus, so its logging is not configured: keep library chatter off stdout. */
    private static void quietLogging() {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.WARNING);
        for (var handler : root.getHandlers()) {
            handler.setLevel(java.util.logging.Level.WARNING);
        }
    }

    static int render(String[] args, PrintStream out, PrintStream err) {
        String namespace = "default";
        String file = null;
        for (int i = 0; i < args.length; i++) {
            if (("-n".equals(args[i]) || "--namespace".equals(args[i])) && i + 1 < args.length) {
                namespace = args[++i];
            } else {
                file = args[i];
            }
        }
        if (file == null) {
            err.println("usage: render [-n NAMESPACE] FILE   (FILE holds one LiteLLMGateway; - reads standard input)");
            return 2;
        }
        LiteLLMGateway gateway;
        try (InputStream in = "-".equals(file) ? System.in : Files.newInputStream(Path.of(file))) {
            gateway = Serialization.unmarshal(in, LiteLLMGateway.class);
        } catch (IOException | RuntimeException e) {
            err.println("cannot read a LiteLLMGateway from " + file + ": " + e.getMessage());
            return 2;
        }
        GatewayModel.Result result = Render.model(gateway, namespace);
        if (!result.valid()) {
            err.println("refused: the operator would report Stalled with:");
            for (Problem p : result.problems()) {
                err.println("  " + p.reason() + ": " + p.message());
            }
            return 1;
        }
        result.model().warnings().forEach(w -> err.println("warning: " + w));
        StringBuilder yaml = new StringBuilder();
        for (HasMetadata object : Render.objects(result.model())) {
            String doc = Serialization.asYaml(object);
            yaml.append(doc.startsWith("---") ? doc : "---\n" + doc);
        }
        out.print(yaml);
        return 0;
    }
}
