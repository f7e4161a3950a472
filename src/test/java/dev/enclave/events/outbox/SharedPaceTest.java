package dev.enclave.events.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.enclave.fairness.Pace;

/**
 * The relay's publishing pace shared through the real Redis: two instances (two Paces, each with its own local
 * buckets, drawing from SharedPace) give one tenant the share one instance gives it, not twice that.
 */
@QuarkusTest
class SharedPaceTest {

    private static final int PER_SECOND = 500;
    private static final long RUN_MILLIS = 2_000;

    @Inject
    SharedPace shared;

    @Test
    void twoInstancesPublishATenantAtThePaceOfOne() throws Exception {
        Run alone = drain(1, shared);
        Run two = drain(2, shared);
        Run unshared = drain(2, null);
        // What one bucket can give in a run, whatever the timing: the refill over the run plus the first bucket (10).
        // A busy machine may make a run get less (a late pass loses what overflowed the bucket), never more.
        assertTrue(alone.total() <= alone.ceiling() && alone.total() > 0.5 * alone.ceiling(), "one instance: " + alone);
        assertTrue(two.total() <= two.ceiling(), "two instances sharing the bucket get no more than one could: " + two);
        assertTrue(two.total() > 0.5 * two.ceiling(), "and not much less: " + two);
        assertTrue(unshared.total() > 1.2 * unshared.ceiling(),
                "each instance pacing on its own gives the tenant more than one bucket can: " + unshared);
    }

    private record Run(long total, double seconds) {
        double ceiling() {
            return PER_SECOND * seconds + PER_SECOND / 50.0 + 2; // + 2: the Redis clock vs ours at both ends
        }
    }

    @Test
    void aPassGivesBackWhatItDidNotUseToEveryInstance() {
        String tenant = "pace-" + UUID.randomUUID();
        Pace<String> one = new Pace<>(PER_SECOND, System::nanoTime, shared, TimeUnit.SECONDS.toNanos(2), shared);
        Pace<String> two = new Pace<>(PER_SECOND, System::nanoTime, shared, TimeUnit.SECONDS.toNanos(2), shared);
        long start = System.nanoTime();
        assertEquals(10, one.take(tenant, 500), "a full bucket is 20 ms worth");
        int second = two.take(tenant, 500);
        long refilled = 1 + (System.nanoTime() - start) * PER_SECOND / 1_000_000_000L;
        assertTrue(second <= refilled, "the other instance finds the bucket empty, but for what refilled meanwhile: "
                + second + " > " + refilled);
        one.giveBack(tenant, 9); // the pass found one event
        assertTrue(two.take(tenant, 500) >= 9, "what one instance gave back, the other may use");
        assertTrue(!one.degraded() && !two.degraded(), "decided in Redis");
    }

    /** Instances that each come back for a pass every millisecond or so, for RUN_MILLIS: what they were allowed. */
    private Run drain(int instances, SharedPace store) throws Exception {
        String tenant = "pace-" + UUID.randomUUID();
        AtomicLong total = new AtomicLong();
        AtomicBoolean degraded = new AtomicBoolean();
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS);
        CompletableFuture<?>[] runs = new CompletableFuture<?>[instances];
        ExecutorService threads = Executors.newFixedThreadPool(instances); // one thread each, like two relays
        for (int i = 0; i < instances; i++) {
            Pace<String> pace = new Pace<>(PER_SECOND, System::nanoTime, store, TimeUnit.SECONDS.toNanos(2), store);
            runs[i] = CompletableFuture.runAsync(() -> {
                while (System.nanoTime() < end) {
                    total.addAndGet(pace.take(tenant, 500));
                    degraded.compareAndSet(false, pace.degraded());
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
            }, threads);
        }
        try {
            CompletableFuture.allOf(runs).get(RUN_MILLIS + 10_000, TimeUnit.MILLISECONDS);
        } finally {
            threads.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(!degraded.get(), "every decision made in Redis");
        return new Run(total.get(), seconds);
    }
}
