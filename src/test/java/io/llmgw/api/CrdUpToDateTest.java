package io.llmgw.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.llmgw.api.v1alpha1.LiteLLMGateway;

/**
 * The committed CRD is what users apply; it must be exactly what the generator makes from the API classes.
 * Run with -Dllmgw.updateCrd=true to rewrite deploy/crds (and the Helm chart's copy, see HelmChartTest) after
 * changing the API.
 */
class CrdUpToDateTest {
    static final Path COMMITTED = Path.of("deploy/crds/litellmgateways.llmgw.io-v1.yml");
    static final Path HELM_COPY = Path.of("helm/litellm-operator/crds/litellmgateways.llmgw.io-v1.yml");

    @Test
    void committedCrdMatchesGeneratedOne() throws IOException {
        Path out = Files.createTempDirectory("crd");
        new CRDGenerator().customResourceClasses(LiteLLMGateway.class).forCRDVersions("v1").inOutputDir(out.toFile())
                .generate();
        String generated = withDeclaredColumnOrder(Files.readString(out.resolve(COMMITTED.getFileName())));
        if (Boolean.getBoolean("llmgw.updateCrd")) {
            Files.writeString(COMMITTED, generated);
            Files.writeString(HELM_COPY, generated);
        }
        assertThat(Files.exists(COMMITTED)).as("%s exists (generate it with -Dllmgw.updateCrd=true)", COMMITTED).isTrue();
        assertThat(Files.readString(COMMITTED))
                .as("deploy/crds is stale: rerun the tests with -Dllmgw.updateCrd=true and commit the result")
                .isEqualTo(generated);
    }

    /**
     * The generator sorts printer columns by JSON path; kubectl shows them in CRD order, so restore the order the
     * class declares (READY, MODELS, DATABASE, CACHE, URL, AGE).
     */
    static String withDeclaredColumnOrder(String yaml) {
        CustomResourceDefinition crd = Serialization.unmarshal(yaml, CustomResourceDefinition.class);
        List<String> declared = Arrays.stream(LiteLLMGateway.class.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name).toList();
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            version.getAdditionalPrinterColumns().sort(Comparator.comparingInt(c -> declared.indexOf(c.getName())));
        }
        return Serialization.asYaml(crd);
    }
}
