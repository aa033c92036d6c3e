package io.llmgw.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0 0 2 * * *            | PT24H",
            "0 */15 * * * *         | PT15M",
            "0 0 2,14 * * *         | PT12H",
            "0 0 1,3 * * *          | PT22H",
            "0 0 2 * * MON,SUN      | PT144H",
            "0 0 3 ? * SUN          | PT168H",
            "0 30 1 1 * *           | PT744H",
            "* * * * * *            | PT1S",
            "0 0 0-6/2 * * *        | PT18H",
            "0 0 0 29 FEB *         | PT35064H" })
    void longestGapIsTheLongestTimeBetweenTwoRuns(String schedule, String gap) {
        assertThat(CronSchedule.longestGap(schedule)).contains(Duration.parse(gap));
    }

    @Test
    void dayOfMonthAndDayOfWeekBothRestrictedRunOnEither() {
        // 1st of the month or any Monday: never more than a week apart.
        assertThat(CronSchedule.longestGap("0 0 0 1 * MON").orElseThrow()).isLessThanOrEqualTo(Duration.ofDays(7));
    }

    @Test
    void aScheduleThatNeverRunsHasNoGap() {
        assertThat(CronSchedule.longestGap("0 0 0 31 2 *")).isEmpty();
    }
}
