package io.llmgw.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** What of an exception may reach the status (LiteLLMGatewayReconcilerTest: that other texts do not). */
class ErrorTextTest {

    @Test
    void anApiErrorKeepsTheApiServersAnswerEvenWhenWrapped() {
        var answer = new StatusBuilder().withCode(422).withMessage("configmaps \"gw-last-good\" is forbidden: denied by policy\nmore")
                .build();
        var refused = new KubernetesClientException("Failure executing: PATCH at: https://api/api/v1/namespaces/ns/configmaps/gw-last-good",
                422, answer);
        assertThat(ErrorText.forStatus(new IllegalStateException("wrapped", refused)))
                .isEqualTo("KubernetesClientException: 422 configmaps \"gw-last-good\" is forbidden: denied by policy");
        assertThat(ErrorText.forStatus(new KubernetesClientException("connection refused\nat ...")))
                .as("no answer: the client's own first line").isEqualTo("KubernetesClientException: connection refused");
    }

    @Test
    void anyOtherErrorShowsOnlyItsClassSinceItsMessageMayQuoteASecret() {
        var parsing = new IllegalArgumentException("cannot parse 'sk-live-0123456789' as a number");
        assertThat(ErrorText.forStatus(parsing)).isEqualTo("IllegalArgumentException (details in the operator log)")
                .doesNotContain("sk-live");
    }
}
