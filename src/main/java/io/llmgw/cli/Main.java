package io.llmgw.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Problem;
import io.llmgw.model.SecretLookup;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point. Without a command it runs the operator; {@code render FILE} prints the objects the operator
 * would apply for a LiteLLMGateway, offline (for GitOps review); {@code import FILE} turns a LiteLLM config.yaml
 * into a LiteLLMGateway.
 */
@QuarkusMain
public class Main {
    public static void main(String... args) {
        if (args.length > 0 && "render".equals(args[0])) {
            quietLogging();
            System.exit(render(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && "import".equals(args[0])) {
            quietLogging();
            System.exit(importConfig(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
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

    private static final String IMPORT_USAGE = "usage: import [--name NAME] [-n|--namespace NAMESPACE] [--secret SECRET] [--managed-cache] FILE\n"
            + "  reads a LiteLLM config.yaml (- reads standard input), prints a LiteLLMGateway on standard output and the report"
            + " on standard error;\n  secrets become references to Secret SECRET (default NAME-env, NAME default litellm), keyed by"
            + " the os.environ/ variable names";
    private static final java.util.regex.Pattern DNS_LABEL = java.util.regex.Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

    static int importConfig(String[] args, PrintStream out, PrintStream err) {
        String name = "litellm";
        String namespace = null;
        String secret = null;
        boolean managedCache = false;
        String file = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            boolean valued = "--name".equals(arg) || "-n".equals(arg) || "--namespace".equals(arg) || "--secret".equals(arg);
            if (valued && i + 1 >= args.length) {
                err.println(IMPORT_USAGE);
                return 2;
            }
            if ("--name".equals(arg)) {
                name = args[++i];
            } else if ("-n".equals(arg) || "--namespace".equals(arg)) {
                namespace = args[++i];
            } else if ("--secret".equals(arg)) {
                secret = args[++i];
            } else if ("--managed-cache".equals(arg)) {
                managedCache = true;
            } else if ((arg.startsWith("-") && !"-".equals(arg)) || file != null) {
                err.println(IMPORT_USAGE);
                return 2;
            } else {
                file = arg;
            }
        }
        if (file == null) {
            err.println(IMPORT_USAGE);
            return 2;
        }
        for (String value : Arrays.asList(name, namespace, secret)) {
            if (value != null && !DNS_LABEL.matcher(value).matches()) {
                err.println("not a valid Kubernetes name: " + value);
                err.println(IMPORT_USAGE);
                return 2;
            }
        }
        Map<String, Object> config;
        try (InputStream in = "-".equals(file) ? System.in : Files.newInputStream(Path.of(file))) {
            config = Importer.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            err.println("cannot read a LiteLLM config from " + file + ": " + e.getMessage());
            return 2;
        }
        Importer.Options options = new Importer.Options(name, namespace, secret, managedCache);
        Importer.Result result = Importer.run(config, options);
        String yaml = Serialization.asYaml(result.gateway());
        out.print("# Imported from " + ("-".equals(file) ? "standard input" : Path.of(file).getFileName()) + ". Create Secret "
                + options.secretName() + " first (see the report); review, then kubectl apply -f.\n");
        out.print(yaml);
        result.report().forEach(line -> err.println(line));

        // What the operator would say about it: validate what was printed, read back as a user would apply it.
        LiteLLMGateway printed = Serialization.unmarshal(yaml, LiteLLMGateway.class);
        if (printed.getMetadata().getNamespace() == null) {
            printed.getMetadata().setNamespace("default");
        }
        GatewayModel.Result validated = GatewayModel.build(printed, SecretLookup.offline());
        if (!validated.valid()) {
            err.println("refused: the operator would report Stalled with:");
            for (Problem p : validated.problems()) {
                err.println("  " + p.reason() + ": " + p.message());
            }
            return 1;
        }
        validated.model().warnings().forEach(w -> err.println("warning: " + w));
        if (result.invalid()) {
            err.println("refused: the CRD schema would reject the lines marked invalid above");
            return 1;
        }
        return 0;
    }
}
