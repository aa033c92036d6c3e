package io.llmgw.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.importer.Importer;
import io.llmgw.model.GatewayModel;
import io.llmgw.model.Problem;
import io.llmgw.model.SecretLookup;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point. Without a command it runs the operator; {@code render FILE} prints the objects the operator
 * would apply for a LiteLLMGateway, offline (for GitOps review); {@code import FILE} turns a LiteLLM config.yaml
 * into a LiteLLMGateway. {@code --help} (also after a command) prints usage and exits 0 without starting anything;
 * an unknown command or option, or a file that cannot be read, is one line on standard error and exit 2.
 */
@QuarkusMain
public class Main {
    static final String USAGE = """
            usage: java -jar quarkus-run.jar [COMMAND] [--help]
              (no command)   run the operator: reconcile LiteLLMGateway resources in the cluster of the current kubeconfig
                             or service account (settings: application.properties, QUARKUS_* and LLMGW_* variables)
              render FILE    print every object the operator would apply for the LiteLLMGateway in FILE, offline
              import FILE    turn a LiteLLM config.yaml into a LiteLLMGateway, offline
              --help         this text; COMMAND --help: the usage of COMMAND""";
    static final String RENDER_USAGE = """
            usage: render [-n|--namespace NAMESPACE] FILE
              prints, offline, every object the operator would apply for the LiteLLMGateway in FILE (- reads standard
              input), as multi-document YAML; exit 1 with the reasons when the operator would refuse the spec""";

    public static void main(String... args) {
        String command = args.length > 0 ? args[0] : null;
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
        if (command == null) {
            Quarkus.run(args);
            return;
        }
        switch (command) {
            case "-h", "--help", "help" -> {
                System.out.println(USAGE);
                System.exit(0);
            }
            case "render" -> {
                quietLogging();
                System.exit(render(rest, System.out, System.err));
            }
            case "import" -> {
                quietLogging();
                System.exit(importConfig(rest, System.out, System.err));
            }
            default -> {
                System.err.println("unknown command: " + command + " (commands: render, import; --help prints the usage)");
                System.exit(2);
            }
        }
    }

    private static boolean wantsHelp(String[] args) {
        return Arrays.stream(args).anyMatch(a -> "-h".equals(a) || "--help".equals(a));
    }

    /** One line for a file that cannot be read: what and why, never a stack trace. */
    static String cannotRead(String what, String file, Exception e) {
        String why = e instanceof java.nio.file.NoSuchFileException ? "no such file"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
        return "cannot read " + what + " from " + file + ": " + why;
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
        if (wantsHelp(args)) {
            out.println(RENDER_USAGE);
            return 0;
        }
        String namespace = "default";
        String file = null;
        for (int i = 0; i < args.length; i++) {
            boolean namespaceOption = "-n".equals(args[i]) || "--namespace".equals(args[i]);
            if (namespaceOption && i + 1 < args.length) {
                namespace = args[++i];
            } else if (namespaceOption || (args[i].startsWith("-") && !"-".equals(args[i])) || file != null) {
                err.println(RENDER_USAGE);
                return 2;
            } else {
                file = args[i];
            }
        }
        if (file == null) {
            err.println(RENDER_USAGE);
            return 2;
        }
        LiteLLMGateway gateway;
        try (InputStream in = "-".equals(file) ? System.in : Files.newInputStream(Path.of(file))) {
            gateway = Serialization.unmarshal(in, LiteLLMGateway.class);
        } catch (IOException | RuntimeException e) {
            err.println(cannotRead("a LiteLLMGateway", file, e));
            return 2;
        }
        GatewayModel.Result result = Render.model(gateway, namespace);
        if (!result.valid()) {
            err.println("refused: the operator would report Stalled with:");
            for (Problem p : result.problems()) {
                err.println("  " + p.reason().wire() + ": " + p.message());
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

    private static final String IMPORT_USAGE = "usage: import [--name NAME] [-n|--namespace NAMESPACE] [--secret SECRET] [--managed-cache]"
            + " [--allow-loss] FILE\n"
            + "  reads a LiteLLM config.yaml (- reads standard input), prints a LiteLLMGateway on standard output and the report"
            + " on standard error;\n  secrets become references to Secret SECRET (default NAME-env, NAME default litellm), keyed by"
            + " the os.environ/ variable names;\n  exit 1 when the operator would refuse the result, or when a report line says"
            + " \"lost\" (something not carried) and --allow-loss is not given";
    private static final java.util.regex.Pattern DNS_LABEL = java.util.regex.Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

    static int importConfig(String[] args, PrintStream out, PrintStream err) {
        if (wantsHelp(args)) {
            out.println(IMPORT_USAGE);
            return 0;
        }
        String name = "litellm";
        String namespace = null;
        String secret = null;
        boolean managedCache = false;
        boolean allowLoss = false;
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
            } else if ("--allow-loss".equals(arg)) {
                allowLoss = true;
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
            err.println(cannotRead("a LiteLLM config", file, e));
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
                err.println("  " + p.reason().wire() + ": " + p.message());
            }
            return 1;
        }
        validated.model().warnings().forEach(w -> err.println("warning: " + w));
        if (result.invalid()) {
            err.println("refused: the CRD schema would reject the lines marked invalid above");
            return 1;
        }
        if (result.losesData() && !allowLoss) {
            err.println("refused: the lines marked lost above are not carried into the gateway; change config.yaml, or import"
                    + " again with --allow-loss to accept that");
            return 1;
        }
        return 0;
    }
}
