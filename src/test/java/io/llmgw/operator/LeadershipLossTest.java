package io.llmgw.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** A replica that lost its lease during an outage restarts only once the API server answers again. */
class LeadershipLossTest {

    @Test
    void stopsReconcilingAtOnceAndExitsOnlyWhenTheApiServerAnswers() {
        List<String> events = new ArrayList<>();
        AtomicInteger probes = new AtomicInteger();
        LeadershipLoss.handle(() -> events.add("stop"), () -> {
            int n = probes.incrementAndGet();
            events.add("probe " + n);
            if (n == 2) {
                throw new IllegalStateException("connection refused"); // an outage looks like this, not like false
            }
            return n >= 4;
        }, Duration.ofMillis(1), code -> events.add("exit " + code));
        assertThat(events).containsExactly("stop", "probe 1", "probe 2", "probe 3", "probe 4", "exit 1");
    }

    @Test
    void aFailingStopStillEndsInARestart() {
        List<String> events = new ArrayList<>();
        LeadershipLoss.handle(() -> {
            throw new IllegalStateException("already stopping");
        }, () -> true, Duration.ofMillis(1), code -> events.add("exit " + code));
        assertThat(events).containsExactly("exit 1");
    }
}
