package io.llmgw.model;

import java.time.Duration;
import java.util.Optional;

import io.llmgw.api.v1alpha1.BackupSpec;

/** How old the last successful backup may grow before it counts as too old: the status and the alert rule agree on it. */
public final class BackupAge {
    /** Slack over the schedule's longest gap: a base backup takes time, and a run may start late. */
    public static final Duration MARGIN = Duration.ofHours(2);
    /** CloudNativePG's ScheduledBackup default when the spec names no schedule: daily at 02:00. */
    static final String DEFAULT_SCHEDULE = "0 0 2 * * *";

    private BackupAge() {
    }

    /** The schedule's longest gap plus {@link #MARGIN}; none if the schedule never runs. */
    public static Optional<Duration> allowed(BackupSpec spec) {
        return CronSchedule.longestGap(spec.schedule != null ? spec.schedule : DEFAULT_SCHEDULE).map(gap -> gap.plus(MARGIN));
    }
}
