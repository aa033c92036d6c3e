package io.llmgw.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How a new configuration rolls out to the LiteLLM pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutSpec {
    @Min(30)
    @Max(7200)
    @JsonPropertyDescription("Seconds a rollout may go without progress before the gateway is Stalled with the pods' fault "
            + "(CrashLoopBackOff, OOMKilled, ImagePullBackOff...): the Deployment's progressDeadlineSeconds. Default: "
            + "Kubernetes' 600. Include LiteLLM's start-up (imports, migrations check) on your nodes.")
    public Integer progressDeadlineSeconds;

    @JsonPropertyDescription("When a new generation's pods have a fault at the progress deadline, apply again the last "
            + "configuration that became Ready (kept in the ConfigMap <gateway>-last-good) and report Stalled with reason "
            + "RolledBack; the failed generation is not retried until the spec changes. Default: true.")
    public Boolean autoRollback;

    /** Rollback is on unless switched off: a stuck rollout leaves a config.yaml that any restarted pod would read. */
    public static boolean autoRollback(RolloutSpec rollout) {
        return rollout == null || rollout.autoRollback == null || rollout.autoRollback;
    }
}
