package io.llmgw.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.cli.Render;
import io.llmgw.model.GatewayModel;
import io.llmgw.operator.dependent.ConfigMapDependent;

/** The example gateways under examples/ and what the operator renders for them (the same path as the render command). */
final class Examples {
    static final Path DIR = Path.of("examples");
    static final String DEFAULT_NAMESPACE = "default";

    /**
     * fabric8's serialization with map entries sorted by key. Some dependents build maps with Map.of, whose
     * iteration order changes from one JVM to the next; sorting keeps the golden files byte-for-byte stable.
     */
    private static final KubernetesSerialization CANONICAL = new KubernetesSerialization(
            new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS), true);

    private Examples() {
    }

    /** Example names (file names without .yaml), sorted. */
    static List<String> names() {
        try (Stream<Path> files = Files.list(DIR)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList();
            assertThat(names).as("examples in %s", DIR.toAbsolutePath()).isNotEmpty();
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path file(String name) {
        return DIR.resolve(name + ".yaml");
    }

    static LiteLLMGateway load(String name) {
        try (InputStream in = Files.newInputStream(file(name))) {
            return Serialization.unmarshal(in, LiteLLMGateway.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The validated model, as the render command builds it (offline, namespace "default" when the file sets none). */
    static GatewayModel model(String name) {
        GatewayModel.Result result = Render.model(load(name), DEFAULT_NAMESPACE);
        assertThat(result.problems()).as("problems rendering %s", file(name)).isEmpty();
        return result.model();
    }

    static List<HasMetadata> objects(String name) {
        return Render.objects(model(name));
    }

    static String asYaml(HasMetadata object) {
        return CANONICAL.asYaml(object);
    }

    static String fileName(HasMetadata object) {
        return object.getKind() + "-" + object.getMetadata().getName() + ".yaml";
    }

    /** The config.yaml of the gateway's own ConfigMap. */
    static String configYaml(GatewayModel model, List<HasMetadata> objects) {
        return objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(c -> c.getMetadata().getName().equals(model.names().configMap()))
                .map(c -> c.getData().get(ConfigMapDependent.CONFIG_KEY))
                .findFirst().orElseThrow(() -> new AssertionError("no ConfigMap " + model.names().configMap() + " rendered"));
    }
}
