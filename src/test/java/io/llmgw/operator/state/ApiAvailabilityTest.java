package io.llmgw.operator.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

/** How many discovery requests concurrent reconciles cause (the request itself is stubbed: a slow API server). */
class ApiAvailabilityTest {
    private final ApiAvailability availability = new ApiAvailability(Clock.systemUTC());

    @Test
    void concurrentChecksOfOneApiSendOneDiscoveryRequest() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        OptionalApi api = OptionalApi.HTTP_ROUTE;
        BooleanSupplier slowDiscovery = () -> {
            requests.incrementAndGet();
            try {
                Thread.sleep(200); // every caller arrives while the first request is in flight
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        };

        int callers = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return availability.isServed(api, slowDiscovery);
                }));
            }
            start.countDown();
            for (Future<Boolean> answer : answers) {
                assertThat(answer.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(requests.get()).as("discovery requests for %d concurrent checks", callers).isEqualTo(1);

        availability.forget();
        assertThat(availability.isServed(api, slowDiscovery)).isTrue();
        assertThat(requests.get()).as("asked again after forget()").isEqualTo(2);
    }
}
