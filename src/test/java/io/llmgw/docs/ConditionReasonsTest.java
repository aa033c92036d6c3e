package io.llmgw.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.llmgw.api.v1alpha1.ConditionReason;

/**
 * The reasons the operator writes are a contract with users' alerts and Flux: each is a valid Kubernetes condition
 * reason, none is written for two meanings, and docs/operations.md explains every one.
 */
class ConditionReasonsTest {
    /** metav1.Condition's reason validation (k8s.io/apimachinery, pkg/apis/meta/v1/types.go). */
    private static final Pattern KUBERNETES_REASON = Pattern.compile("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$");

    @Test
    void everyReasonIsAValidConditionReasonAndDistinct() {
        List<String> wires = Arrays.stream(ConditionReason.values()).map(ConditionReason::wire).toList();
        assertThat(wires).allMatch(w -> KUBERNETES_REASON.matcher(w).matches() && w.length() <= 1024).doesNotHaveDuplicates();
        assertThat(ConditionReason.CRD_MISSING).as("concatenated into messages, a reason reads as users see it").hasToString("CRDMissing");
    }

    @Test
    void everyReasonIsExplainedInTheOperationsGuide() throws IOException {
        String guide = Files.readString(Path.of("docs/operations.md"));
        List<String> unexplained = Arrays.stream(ConditionReason.values()).map(r -> "`" + r.wire() + "`").filter(r -> !guide.contains(r))
                .toList();
        assertThat(unexplained).as("reasons docs/operations.md does not mention (in backquotes)").isEmpty();
    }
}
