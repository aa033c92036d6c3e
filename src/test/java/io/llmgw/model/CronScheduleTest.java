package io.llmgw.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CronScheduleTest {
    @ParameterizedTest
    @ValueSource(strings = { "0 0 2 * * *", "0 */15 * * * *", "30 0 0-6/2 1,15 JAN-MAR mon", "0 0 3 ? * SUN", "59 59 23 31 12 6" })
    void acceptsWhatRobfigCronReads(String schedule) {
        assertThat(CronSchedule.problem(schedule)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "0 61 * * * *", "60 0 0 * * *", "0 0 24 * * *", "0 0 0 0 * *", "0 0 0 * 13 *", "0 0 0 * * 7",
            "0 0 2 * *", "0 0 2 * * * *", "0 5-1 * * * *", "0 */0 * * * *", "0 ? * * * *", "0 0 0 * FOO *", "0 0 0 * * L", "0 0 0 1W * *" })
    void refusesWhatCloudNativePgWouldFailOn(String schedule) {
        assertThat(CronSchedule.problem(schedule)).isPresent();
    }
}
