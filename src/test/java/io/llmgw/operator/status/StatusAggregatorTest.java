package io.llmgw.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.llmgw.api.v1alpha1.ConditionReason;

/** The gateway's kstatus verdict from its components' verdicts, whatever the components are. */
class StatusAggregatorTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    private static List<Condition> write(StatusAggregator verdicts) {
        Conditions conditions = new Conditions(List.of(), 4, CLOCK);
        verdicts.writeTo(conditions, "serving");
        return conditions.build();
    }

    private static Condition get(List<Condition> conditions, String type) {
        return Conditions.find(conditions, type).orElseThrow();
    }

    @Test
    void readyWhenEveryComponentServesWhateverIsOnlyReported() {
        List<Condition> c = write(new StatusAggregator()
                .add(ComponentVerdict.serves("A", ConditionReason.AVAILABLE, "a serves"))
                .add(ComponentVerdict.reported("B", false, ConditionReason.BACKUP_TOO_OLD, "old backup")));
        assertThat(get(c, "Ready")).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("True", "Ready", "serving");
        assertThat(get(c, "Reconciling").getStatus()).isEqualTo("False");
        assertThat(get(c, "Stalled").getStatus()).isEqualTo("False");
        assertThat(get(c, "B")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "BackupTooOld");
        assertThat(get(c, "A").getObservedGeneration()).isEqualTo(4L);
    }

    @Test
    void stalledWithTheFirstReasonAndEveryStalledMessageEvenWhileOthersWait() {
        List<Condition> c = write(new StatusAggregator()
                .add(ComponentVerdict.waits("A", ConditionReason.RUNNING, "a runs"))
                .add(ComponentVerdict.stalls("B", ConditionReason.CRD_MISSING, "CRDMissing: b"))
                .add(ComponentVerdict.stalls("C", ConditionReason.MIGRATION_FAILED, "MigrationFailed: c"))
                .applyErrors(List.of("x: refused")));
        assertThat(get(c, "Stalled")).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("True", "CRDMissing", "CRDMissing: b; MigrationFailed: c");
        assertThat(get(c, "Ready")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "CRDMissing");
        assertThat(get(c, "Reconciling")).extracting(Condition::getStatus, Condition::getMessage)
                .containsExactly("False", "waiting for the user: CRDMissing: b; MigrationFailed: c");
    }

    @Test
    void progressingWithWhatWaitsAndTheApplyErrors() {
        List<Condition> c = write(new StatusAggregator()
                .add(ComponentVerdict.serves("A", ConditionReason.AVAILABLE, "a serves"))
                .add(ComponentVerdict.waits("B", ConditionReason.PENDING, "b pending"))
                .applyErrors(List.of("x: refused", "y: conflict")));
        assertThat(get(c, "Reconciling")).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("True", "Progressing", "b pending; apply errors (retrying): x: refused; y: conflict");
        assertThat(get(c, "Ready").getStatus()).isEqualTo("False");
        assertThat(get(c, "Stalled").getStatus()).isEqualTo("False");
    }

    @Test
    void applyErrorsAloneKeepTheGatewayFromReady() {
        List<Condition> c = write(new StatusAggregator()
                .add(ComponentVerdict.serves("A", ConditionReason.AVAILABLE, "a serves"))
                .applyErrors(List.of("x: refused")));
        assertThat(get(c, "Ready")).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("False", "Progressing", "apply errors (retrying): x: refused");
    }
}
