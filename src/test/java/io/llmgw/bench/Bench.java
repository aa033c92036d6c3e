package io.llmgw.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The performance benchmark's Java side, run by {@code scripts/bench.sh} with the test classpath (it is not a test:
 * no JUnit, no *Test/*IT name, so neither surefire nor failsafe runs it). Commands:
 * <pre>
 *   render   WORKLOAD NS N FILE              the objects the operator would apply for N gateways (quickstart|rich), as YAML
 *   ceiling  KUBECONFIG FILE THREADS OUT [APISERVER_PID]  server-side apply of FILE from THREADS fabric8 threads
 *   operator OUT                             the operator scenario (settings from system properties, see Scenario)
 *   audit    AUDIT_LOG FROM_MS TO_MS         writes in the audit log per user, verb and resource (a debugging aid)
 *   report   DIR                             the results table and the final "bench:" line from DIR/*.properties
 * </pre>
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: Bench render|ceiling|operator|audit|report ...");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "render" -> Files.writeString(Path.of(rest[3]), Gateways.renderYaml(rest[0], rest[1], Integer.parseInt(rest[2])));
            case "ceiling" -> Ceiling.run(Path.of(rest[0]), Path.of(rest[1]), Integer.parseInt(rest[2]), Path.of(rest[3]),
                    rest.length > 4 ? Long.parseLong(rest[4]) : 0);
            case "operator" -> Scenario.fromSystemProperties().run(Path.of(rest[0]));
            case "audit" -> AuditLog.read(Path.of(rest[0])).between(Long.parseLong(rest[1]), Long.parseLong(rest[2]))
                    .breakdown().forEach((k, v) -> System.out.printf("%7d  %s%n", v, k));
            case "report" -> Report.print(Path.of(rest[0]));
            default -> {
                System.err.println("unknown command " + args[0]);
                System.exit(2);
            }
        }
        System.exit(0);
    }
}
