package io.llmgw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.llmgw.api.v1alpha1.LiteLLMGateway;

/**
 * The {@code import} command as Main runs it. Main.main ends in System.exit, so the test drives the method main
 * dispatches to ({@link Main#importConfig}), which returns the exit code.
 */
class ImportCommandTest {
    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return Main.importConfig(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    Path file(String content) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void printsTheGatewayOnStdoutAndTheReportOnStderr() throws IOException {
        Path config = file("""
                model_list:
                  - model_name: gpt-4o
                    litellm_params:
                      model: openai/gpt-4o
                      api_key: os.environ/OPENAI_API_KEY
                general_settings:
                  master_key: sk-literal-do-not-print
                """);

        int code = run("--name", "team-a", "--namespace", "ai", "--secret", "team-a-secrets", "--managed-cache", config.toString());

        assertThat(code).as(stderr()).isZero();
        LiteLLMGateway gateway = Serialization.unmarshal(stdout(), LiteLLMGateway.class);
        assertThat(gateway.getMetadata().getName()).isEqualTo("team-a");
        assertThat(gateway.getMetadata().getNamespace()).isEqualTo("ai");
        assertThat(gateway.getSpec().models.get(0).apiKey.secretKeyRef.name).isEqualTo("team-a-secrets");
        assertThat(gateway.getSpec().models.get(0).apiKey.secretKeyRef.key).isEqualTo("OPENAI_API_KEY");
        assertThat(stderr()).contains("secret: general_settings.master_key: literal value not copied: move this value into Secret"
                + " team-a-secrets key LITELLM_MASTER_KEY");
        assertThat(stdout() + stderr()).doesNotContain("sk-literal-do-not-print");
    }

    @Test
    void exitsOneWhenTheOperatorWouldRefuseTheResult() throws IOException {
        Path config = file("""
                model_list:
                  - model_name: gpt-4o
                    litellm_params: {model: azure/gpt-4o, api_key: os.environ/EAST}
                    model_info: {id: same}
                  - model_name: gpt-4.1
                    litellm_params: {model: azure/gpt-4.1, api_key: os.environ/WEST}
                    model_info: {id: same}
                """);

        assertThat(run(config.toString())).isEqualTo(1);
        assertThat(stdout()).contains("kind: \"LiteLLMGateway\"").contains("name: \"litellm\"");
        assertThat(stderr()).contains("refused: the operator would report Stalled with:").contains("DuplicateModelId");
    }

    @Test
    void badArgumentsPrintUsageAndExitTwo() throws IOException {
        Path config = file("model_list: []\n");
        assertThat(run()).isEqualTo(2);
        assertThat(stderr()).startsWith("usage: import");
        assertThat(run("--name")).isEqualTo(2);
        assertThat(run("--frobnicate", config.toString())).isEqualTo(2);
        assertThat(run(config.toString(), config.toString())).isEqualTo(2);
        assertThat(run("--name", "Not_A_Name", config.toString())).isEqualTo(2);
        assertThat(run(dir.resolve("missing.yaml").toString())).isEqualTo(2);
        assertThat(stdout()).isEmpty();
    }

    @Test
    void refusesSomethingThatIsNotAConfig() throws IOException {
        assertThat(run(file("- just\n- a list\n").toString())).isEqualTo(2);
        assertThat(stderr()).contains("cannot read a LiteLLM config from");
    }

    @Test
    void exitsOneWhenSomethingWouldBeLostUnlessAllowed() throws IOException {
        Path config = file("""
                model_list:
                  - model_name: gpt-4o
                    litellm_params: {model: openai/gpt-4o, api_key: os.environ/OPENAI_API_KEY}
                environment_variables: {SOME_FLAG: "1"}
                """);

        assertThat(run(config.toString())).isEqualTo(1);
        assertThat(stderr()).contains("lost: environment_variables: 1 variables (SOME_FLAG)")
                .contains("refused: the lines marked lost above are not carried into the gateway; change config.yaml, or import"
                        + " again with --allow-loss to accept that");
        out.reset();
        err.reset();
        assertThat(run("--allow-loss", config.toString())).as(stderr()).isZero();
        assertThat(stderr()).contains("lost: environment_variables").doesNotContain("refused");
        assertThat(Serialization.unmarshal(stdout(), LiteLLMGateway.class).getSpec().models).hasSize(1);
    }
}
