package io.llmgw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.llmgw.api.v1alpha1.CacheSpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;
import io.llmgw.api.v1alpha1.ObservabilitySpec;
import io.llmgw.model.GatewayModel;

/**
 * render -> import -> render over every example gives the same config.yaml, compared as parsed YAML.
 * <p>
 * Variable names differ by construction: the import points every reference at one Secret keyed by the variable
 * name of the first rendering, and the second rendering derives new names from that Secret. So each
 * {@code os.environ/NAME} is replaced by where its value comes from in that rendering's proxy environment, and a
 * key K of the imported Secret stands for what variable K held in the first rendering (the Secret is created
 * from the old environment: {@code kubectl create secret generic --from-env-file}).
 */
class ImportRoundTripTest {
    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    /** The examples, plus test gateways for what no example shows (model groups). */
    static Stream<Path> gateways() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/roundtrip"))) {
            return Stream.concat(examples(), files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream());
        }
    }

    @Test
    void thereAreExamplesToImport() throws IOException {
        assertThat(examples()).isNotEmpty();
        assertThat(gateways()).anyMatch(p -> p.endsWith("model-groups.yaml"));
    }

    @ParameterizedTest
    @MethodSource("gateways")
    void renderImportRenderGivesTheSameConfig(Path example) throws IOException {
        LiteLLMGateway original;
        try (InputStream in = Files.newInputStream(example)) {
            original = Serialization.unmarshal(in, LiteLLMGateway.class);
        }
        GatewayModel first = render(original);
        LiteLLMGatewaySpec spec = original.getSpec();

        boolean dragonfly = spec.cache != null && CacheSpec.DRAGONFLY.equals(spec.cache.type);
        Importer.Options options = new Importer.Options(first.names().gateway(), first.namespace(), null, dragonfly);
        Importer.Result imported = Importer.run(Importer.parse(first.configYaml()), options);
        List<String> report = imported.report().stream().map(Importer.Line::toString).toList();
        assertThat(imported.invalid()).as("%s", report).isFalse();

        // What a user applies: the printed YAML, read back.
        LiteLLMGateway again = Serialization.unmarshal(Serialization.asYaml(imported.gateway()), LiteLLMGateway.class);
        followTheReport(spec, again.getSpec(), report);
        GatewayModel second = render(again);

        String secret = options.secretName() + "/";
        Object expected = normalise(parse(first), name -> origin(first, name));
        Object actual = normalise(parse(second), name -> {
            String origin = origin(second, name);
            return origin.startsWith("secret:" + secret) ? origin(first, origin.substring(("secret:" + secret).length())) : origin;
        });
        assertThat(actual).as("%s after render, import, render", example).isEqualTo(expected);
    }

    /**
     * Inherent gaps: these settings live in the proxy environment, not in config.yaml, so the import cannot carry
     * them. It reports each one; here the user follows the report by copying the original's setting, and the test
     * checks that the report did ask for it.
     */
    private static void followTheReport(LiteLLMGatewaySpec original, LiteLLMGatewaySpec imported, List<String> report) {
        if (original.database != null && !"None".equals(original.database.type)) {
            assertThat(report).anySatisfy(l -> assertThat(l).startsWith("operator: general_settings.database_url: dropped"));
            imported.database = original.database;
        }
        ObservabilitySpec o = original.observability;
        if (o != null && o.openTelemetry != null) {
            assertThat(report).anySatisfy(l -> assertThat(l).contains("otel removed"));
            observability(imported).openTelemetry = o.openTelemetry;
        }
        if (o != null && o.langfuse != null) {
            assertThat(report).anySatisfy(l -> assertThat(l).contains("langfuse removed"));
            observability(imported).langfuse = o.langfuse;
        }
    }

    private static ObservabilitySpec observability(LiteLLMGatewaySpec spec) {
        if (spec.observability == null) {
            spec.observability = new ObservabilitySpec();
        }
        return spec.observability;
    }

    private static GatewayModel render(LiteLLMGateway gateway) {
        GatewayModel.Result result = Render.model(gateway, "default");
        assertThat(result.problems()).as("render of %s", gateway.getMetadata().getName()).isEmpty();
        return result.model();
    }

    private static Map<String, Object> parse(GatewayModel model) {
        return new Yaml().load(model.configYaml());
    }

    /** Where variable NAME's value comes from in this rendering: a Secret key, a plain value, or nowhere. */
    private static String origin(GatewayModel model, String name) {
        List<EnvVar> env = new ArrayList<>(model.proxyEnv());
        if (model.spec().env != null) {
            env.addAll(model.spec().env);
        }
        return env.stream().filter(v -> v.getName().equals(name)).findFirst()
                .map(v -> v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null
                        ? "secret:" + v.getValueFrom().getSecretKeyRef().getName() + "/" + v.getValueFrom().getSecretKeyRef().getKey()
                        : "value:" + v.getValue())
                .orElse("unset:" + name);
    }

    private static Object normalise(Object value, Function<String, String> resolve) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, normalise(v, resolve)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> normalise(v, resolve)).toList();
        }
        if (value instanceof String s && s.startsWith("os.environ/")) {
            return "<" + resolve.apply(s.substring("os.environ/".length())) + ">";
        }
        return value;
    }
}
