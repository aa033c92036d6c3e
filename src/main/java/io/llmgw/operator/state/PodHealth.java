package io.llmgw.operator.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.llmgw.api.v1alpha1.ConditionReason;

/**
 * Why the gateway's pods do not serve, read from what the kubelet and the scheduler wrote on them: the few
 * faults users meet (crash loops, OOM kills, images that cannot be pulled, a missing Secret key, no node fits, a
 * proxy that started but never turns ready). Pure: the pods and the time in, a verdict out. Messages carry
 * reasons, exit codes and the kubelet's own words (image names, Secret and key names), never log lines or
 * environment values.
 */
public final class PodHealth {
    /** Started but not ready for this long: LiteLLM's readiness (database, cache) keeps failing. */
    public static final Duration READINESS_BUDGET = Duration.ofSeconds(90);

    /** One kind of fault, worst first: the order decides which reason the gateway reports. */
    public enum Fault {
        Unschedulable(ConditionReason.UNSCHEDULABLE),
        ImagePullBackOff(ConditionReason.IMAGE_PULL_BACK_OFF),
        CreateContainerConfigError(ConditionReason.CREATE_CONTAINER_CONFIG_ERROR),
        OOMKilled(ConditionReason.OOM_KILLED),
        CrashLoopBackOff(ConditionReason.CRASH_LOOP_BACK_OFF),
        ReadinessFailing(ConditionReason.READINESS_FAILING);

        private final ConditionReason reason;

        Fault(ConditionReason reason) {
            this.reason = reason;
        }

        /** The condition reason that reports this fault. */
        public ConditionReason reason() {
            return reason;
        }
    }

    /** A fault seen on {@code pods} of {@code total} pods, the earliest {@code since}, with the first pod's details. */
    public record Verdict(Fault fault, int pods, int total, Instant since, String detail) {
        public String message() {
            return pods + " of " + total + " pods " + describe(fault) + " since " + since + ": " + detail;
        }
    }

    /** The pods' state: the worst fault, if any, and when to look again for a fault that only time reveals. */
    public record Assessment(Optional<Verdict> verdict, int total, int ready, int restarts, Optional<String> lastTermination,
            Optional<Duration> recheckIn) {
        public boolean healthy() {
            return verdict.isEmpty();
        }
    }

    private record Finding(Fault fault, Instant since, String detail) {
    }

    private PodHealth() {
    }

    public static Assessment assess(List<Pod> pods, Instant now) {
        List<Pod> live = pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> !"Succeeded".equals(phase(p)) && !"Failed".equals(phase(p))).toList();
        List<Finding> findings = new ArrayList<>();
        Optional<Duration> recheck = Optional.empty();
        int ready = 0;
        int restarts = 0;
        Optional<ContainerStateTerminated> last = Optional.empty();
        for (Pod pod : live) {
            Optional<Finding> finding = finding(pod, now);
            finding.ifPresent(findings::add);
            if (isReady(pod)) {
                ready++;
            } else if (finding.isEmpty()) {
                recheck = earliest(recheck, untilReadinessBudget(pod, now));
            }
            for (ContainerStatus c : containers(pod).toList()) {
                restarts += c.getRestartCount() != null ? c.getRestartCount() : 0;
                // A completed init container (the CA bundle) is not a termination worth reporting.
                last = latest(last, lastTerminated(c).filter(t -> t.getExitCode() == null || t.getExitCode() != 0));
            }
        }
        Optional<Verdict> verdict = findings.stream().map(Finding::fault).min(Comparator.naturalOrder()).map(worst -> {
            List<Finding> same = findings.stream().filter(f -> f.fault() == worst).toList();
            Instant since = same.stream().map(Finding::since).min(Comparator.naturalOrder()).orElse(now);
            return new Verdict(worst, same.size(), live.size(), since, same.get(0).detail());
        });
        return new Assessment(verdict, live.size(), ready, restarts, last.map(PodHealth::termination), recheck);
    }

    private static Optional<Finding> finding(Pod pod, Instant now) {
        Optional<PodCondition> unscheduled = condition(pod, "PodScheduled")
                .filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()));
        if (unscheduled.isPresent()) {
            return Optional.of(new Finding(Fault.Unschedulable, time(unscheduled.get().getLastTransitionTime(), now),
                    "pod " + name(pod) + ": " + clean(unscheduled.get().getMessage())));
        }
        return containers(pod).map(c -> finding(pod, c, now)).flatMap(Optional::stream).min(Comparator.comparing(Finding::fault));
    }

    private static Optional<Finding> finding(Pod pod, ContainerStatus c, Instant now) {
        var waiting = c.getState() != null ? c.getState().getWaiting() : null;
        String waitingReason = waiting != null ? String.valueOf(waiting.getReason()) : "";
        String where = "pod " + name(pod) + ", container " + c.getName();
        Instant podStart = time(pod.getStatus().getStartTime(), time(pod.getMetadata().getCreationTimestamp(), now));
        switch (waitingReason) {
            case "ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull" -> {
                return Optional.of(new Finding(Fault.ImagePullBackOff, podStart,
                        where + ": " + waitingReason + " (" + clean(waiting.getMessage()) + ")"));
            }
            case "CreateContainerConfigError", "CreateContainerError" -> {
                return Optional.of(new Finding(Fault.CreateContainerConfigError, podStart, where + ": " + clean(waiting.getMessage())));
            }
            default -> {
            }
        }
        // A container that restarted and is not ready again is crash looping, whether the kubelet is between two
        // back-offs or has just started it once more: one verdict for the whole loop, not one per restart.
        Optional<ContainerStateTerminated> terminated = lastTerminated(c);
        boolean restarting = "CrashLoopBackOff".equals(waitingReason)
                || (c.getRestartCount() != null && c.getRestartCount() > 0 && !Boolean.TRUE.equals(c.getReady()));
        if (restarting && terminated.isPresent()) {
            boolean oom = "OOMKilled".equals(terminated.get().getReason());
            return Optional.of(new Finding(oom ? Fault.OOMKilled : Fault.CrashLoopBackOff, podStart,
                    where + ": restarted " + c.getRestartCount() + " times, last " + termination(terminated.get())
                            + (oom ? "; raise spec.resources.limits.memory" : "; kubectl logs --previous shows why")));
        }
        if (Boolean.TRUE.equals(c.getStarted()) && !Boolean.TRUE.equals(c.getReady())) {
            Instant notReadySince = condition(pod, "Ready").map(r -> time(r.getLastTransitionTime(), podStart)).orElse(podStart);
            if (!notReadySince.plus(READINESS_BUDGET).isAfter(now)) {
                return Optional.of(new Finding(Fault.ReadinessFailing, notReadySince,
                        where + ": started but not ready for " + Duration.between(notReadySince, now).toSeconds()
                                + " s (its readiness probe checks the database and cache connections)"));
            }
        }
        return Optional.empty();
    }

    private static Optional<Duration> untilReadinessBudget(Pod pod, Instant now) {
        boolean started = containers(pod).anyMatch(c -> Boolean.TRUE.equals(c.getStarted()) && !Boolean.TRUE.equals(c.getReady()));
        if (!started) {
            return Optional.empty();
        }
        Instant notReadySince = condition(pod, "Ready").map(r -> time(r.getLastTransitionTime(), now)).orElse(now);
        Duration left = Duration.between(now, notReadySince.plus(READINESS_BUDGET));
        return Optional.of(left.isNegative() ? Duration.ZERO : left.plusSeconds(1));
    }

    private static String describe(Fault fault) {
        return switch (fault) {
            case Unschedulable -> "cannot be scheduled";
            case ImagePullBackOff -> "cannot pull their image";
            case CreateContainerConfigError -> "cannot create their container";
            case OOMKilled -> "are OOM-killed in a loop";
            case CrashLoopBackOff -> "crash in a loop";
            case ReadinessFailing -> "fail their readiness probe";
        };
    }

    private static String termination(ContainerStateTerminated t) {
        return "exit code " + t.getExitCode() + " (" + (t.getReason() != null ? t.getReason() : "no reason") + ")"
                + (t.getFinishedAt() != null ? " at " + t.getFinishedAt() : "");
    }

    private static Optional<ContainerStateTerminated> lastTerminated(ContainerStatus c) {
        if (c.getState() != null && c.getState().getTerminated() != null) {
            return Optional.of(c.getState().getTerminated());
        }
        return Optional.ofNullable(c.getLastState()).map(s -> s.getTerminated());
    }

    private static Optional<ContainerStateTerminated> latest(Optional<ContainerStateTerminated> a, Optional<ContainerStateTerminated> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isPresent() ? a : b;
        }
        return String.valueOf(b.get().getFinishedAt()).compareTo(String.valueOf(a.get().getFinishedAt())) > 0 ? b : a;
    }

    private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isPresent() ? a : b;
        }
        return a.get().compareTo(b.get()) <= 0 ? a : b;
    }

    private static Stream<ContainerStatus> containers(Pod pod) {
        var status = pod.getStatus();
        if (status == null) {
            return Stream.empty();
        }
        return Stream.concat(status.getInitContainerStatuses() != null ? status.getInitContainerStatuses().stream() : Stream.empty(),
                status.getContainerStatuses() != null ? status.getContainerStatuses().stream() : Stream.empty());
    }

    private static Optional<PodCondition> condition(Pod pod, String type) {
        return pod.getStatus() == null || pod.getStatus().getConditions() == null ? Optional.empty()
                : pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static boolean isReady(Pod pod) {
        return condition(pod, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    private static String phase(Pod pod) {
        return pod.getStatus() != null ? pod.getStatus().getPhase() : null;
    }

    private static String name(Pod pod) {
        return pod.getMetadata().getName();
    }

    private static Instant time(String timestamp, Instant fallback) {
        try {
            return timestamp != null ? Instant.parse(timestamp) : fallback;
        } catch (RuntimeException unparsable) {
            return fallback;
        }
    }

    /** The kubelet's and scheduler's messages, on one line and bounded (status and Events stay small). */
    private static String clean(String message) {
        if (message == null || message.isBlank()) {
            return "no message";
        }
        String line = message.replaceAll("\\s+", " ").trim();
        return line.length() > 240 ? line.substring(0, 240) + "..." : line;
    }
}
