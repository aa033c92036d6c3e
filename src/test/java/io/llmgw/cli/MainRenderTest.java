package io.llmgw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The {@code render} command: exit 0 and multi-document YAML for a valid gateway, exit 1 and the problem reasons
 * on stderr for a refused one, exit 2 and usage without a file. (In package io.llmgw.cli because
 * {@link Main#render} is package-private.)
 */
class MainRenderTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run render(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.render(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void quickstartRendersMultiDocumentYaml() {
        Run run = render("examples/quickstart.yaml");

        assertThat(run.code()).as("exit code; stderr: %s", run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("---\n");
        List<Map<String, Object>> docs = documents(run.out());
        assertThat(docs).extracting(d -> d.get("kind"))
                .containsExactly("Secret", "ServiceAccount", "ConfigMap", "Deployment", "Service");
        assertThat(docs).allSatisfy(d -> assertThat(namespace(d)).isEqualTo("default"));
    }

    @Test
    void namespaceOptionSetsTheNamespaceOfAGatewayWithout() {
        Run run = render("-n", "team-a", "examples/quickstart.yaml");

        assertThat(run.code()).as("stderr: %s", run.err()).isZero();
        assertThat(documents(run.out())).allSatisfy(d -> assertThat(namespace(d)).isEqualTo("team-a"));
    }

    @Test
    void fallbackToAnUnknownModelIsRefused() throws IOException {
        Path file = write("""
                apiVersion: llmgw.io/v1alpha1
                kind: LiteLLMGateway
                metadata:
                  name: broken
                spec:
                  models:
                    - name: gpt-4o-mini
                      model: openai/gpt-4o-mini
                  routerSettings:
                    fallbacks:
                      - model: gpt-4o-mini
                        to: [no-such-model]
                """);

        Run run = render(file.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("refused").contains("UnknownFallbackModel").contains("no-such-model");
    }

    @Test
    void literalApiKeyInLitellmParamsIsRefusedWithoutEchoingIt() throws IOException {
        Path file = write("""
                apiVersion: llmgw.io/v1alpha1
                kind: LiteLLMGateway
                metadata:
                  name: leaky
                spec:
                  models:
                    - name: gpt-4o-mini
                      model: openai/gpt-4o-mini
                      litellmParams:
                        api_key: sk-literal-0123456789abcdef
                """);

        Run run = render(file.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("PlainSecretInConfig").contains("litellmParams.api_key")
                .doesNotContain("sk-literal-0123456789abcdef");
    }

    @Test
    void warningsGoToStderrAndDoNotFailTheRender() throws IOException {
        Path file = write("""
                apiVersion: llmgw.io/v1alpha1
                kind: LiteLLMGateway
                metadata:
                  name: moving
                spec:
                  image:
                    tag: main-stable
                  models:
                    - name: gpt-4o-mini
                      model: openai/gpt-4o-mini
                """);

        Run run = render(file.toString());

        assertThat(run.code()).isZero();
        assertThat(run.err()).startsWith("warning: ").contains("main-stable");
        assertThat(run.out()).doesNotContain("warning");
    }

    @Test
    void noFilePrintsUsage() {
        Run run = render();

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("usage: render");
    }

    @Test
    void unreadableFileExitsWithTwo() {
        Run run = render(tmp.resolve("missing.yaml").toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("cannot read a LiteLLMGateway");
    }

    private Path write(String yaml) throws IOException {
        Path file = tmp.resolve("gateway.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(String yaml) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(yaml)) {
            assertThat(doc).isInstanceOf(Map.class);
            docs.add((Map<String, Object>) doc);
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    private static String namespace(Map<String, Object> doc) {
        return (String) ((Map<String, Object>) doc.get("metadata")).get("namespace");
    }
}
