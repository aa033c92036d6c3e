package io.llmgw.operator;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

import org.jboss.logging.Logger;

/**
 * What a replica does when it loses the lease. JOSDK 5.3.2 cannot re-acquire it (its leader elector ends after the
 * first loss, and without exiting the controllers keep reconciling next to the new leader), so the process must end.
 * But a lease is usually lost because the API server is unreachable (a control-plane upgrade): exiting at once
 * restarts a process that cannot start either, and every replica crash-loops into growing back-off together. So
 * the replica first stops reconciling, then waits until the API server answers again, and only then exits: the
 * restart succeeds at once and the replica stands for election again.
 */
final class LeadershipLoss {
    private static final Logger LOG = Logger.getLogger(LeadershipLoss.class);

    private LeadershipLoss() {
    }

    static void handle(Runnable stopReconciling, BooleanSupplier apiServerReachable, Duration poll, IntConsumer exit) {
        try {
            stopReconciling.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "stopping the controllers after losing the lease failed; exiting once the API server answers");
        }
        long waited = 0;
        while (!reachable(apiServerReachable)) {
            if (waited % 30_000 == 0) {
                LOG.infof("lost the lease; API server unreachable for %d s, waiting for it before restarting", waited / 1000);
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            waited += poll.toMillis();
        }
        LOG.warn("lost the lease and the API server answers: exiting so this replica restarts and stands for election again");
        exit.accept(1);
    }

    private static boolean reachable(BooleanSupplier apiServerReachable) {
        try {
            return apiServerReachable.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
