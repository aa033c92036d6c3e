package io.llmgw.it.support;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polling until a condition holds, failing with what was expected and the last value seen. */
public final class Await {
    private static final Duration POLL = Duration.ofMillis(250);

    private Await() {
    }

    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        return until(what, timeout, probe, done, String::valueOf);
    }

    /** As {@link #until(String, Duration, Supplier, Predicate)}, describing the last value with {@code describe}. */
    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done,
            Function<? super T, String> describe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (true) {
            try {
                last = probe.get();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (IllegalStateException fatal) {
                throw fatal;
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError error = new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what
                        + "; last value: " + (last == null ? "null" : describe.apply(last)));
                if (lastError != null) {
                    error.initCause(lastError);
                }
                throw error;
            }
            sleep(POLL);
        }
    }

    public static void until(String what, Duration timeout, Supplier<Boolean> condition) {
        until(what, timeout, condition, Boolean.TRUE::equals);
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
