package dev.enclave.fairness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.enclave.testing.Persona;

/** Pacing: per-tenant token buckets, and the once-per-interval helper. */
class PaceTest {

    final AtomicLong now = new AtomicLong(TimeUnit.SECONDS.toNanos(1_000));

    void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void aTenantStartsWith20MillisecondsWorth() {
        Pace<String> pace = new Pace<>(1000, now::get);
        assertEquals(10, pace.take(Persona.ACME, 10), "never more than the pass asks for");
        assertEquals(10, pace.take(Persona.ACME, 500), "the rest of the 20");
        assertEquals(0, pace.take(Persona.ACME, 500));
    }

    @Test
    void whatAPassDidNotUseGoesBack() {
        Pace<String> pace = new Pace<>(1000, now::get);
        assertEquals(20, pace.take(Persona.ACME, 500));
        pace.giveBack(Persona.ACME, 19); // a quiet tenant's pass found one event
        assertEquals(19, pace.take(Persona.ACME, 500));
        pace.giveBack(Persona.ACME, 500);
        assertEquals(20, pace.take(Persona.ACME, 500), "never more than the bucket holds");
    }

    @Test
    void aFloodDrainsAtThePaceNotFaster() {
        Pace<String> pace = new Pace<>(1000, now::get);
        long published = 0;
        for (int pass = 0; pass < 1_000; pass++) { // a relay that comes back every 10 ms for a minute's backlog
            published += pace.take(Persona.ACME, 500);
            advanceMillis(10);
        }
        // 10 s at 1,000 events/s, plus the first bucket (20): not the 500 per pass an unpaced relay takes
        assertEquals(10_020, published, 10);
    }

    @Test
    void aPacedTenantComesBackWhenItsBucketIsFull() {
        Pace<String> pace = new Pace<>(1000, now::get);
        assertEquals(20, pace.take(Persona.ACME, 500));
        assertEquals(20, pace.millisUntilFull(Persona.ACME));
        advanceMillis(8);
        assertEquals(12, pace.millisUntilFull(Persona.ACME));
        assertEquals(8, pace.take(Persona.ACME, 500));
    }

    @Test
    void tenantsHaveTheirOwnBuckets() {
        Pace<String> pace = new Pace<>(1000, now::get);
        assertEquals(20, pace.take(Persona.ACME, 500));
        assertEquals(0, pace.take(Persona.ACME, 500));
        assertEquals(20, pace.take(Persona.GLOBEX, 500));
    }

    @Test
    void anIdleTenantSavesNoMoreThanOneBucket() {
        Pace<String> pace = new Pace<>(1000, now::get);
        pace.take(Persona.ACME, 20);
        advanceMillis(60_000);
        assertEquals(20, pace.take(Persona.ACME, 500));
    }

    @Test
    void zeroMeansNoLimit() {
        Pace<String> pace = new Pace<>(0, now::get);
        assertEquals(500, pace.take(Persona.ACME, 500));
        assertEquals(500, pace.take(Persona.ACME, 500));
        assertEquals(0, pace.millisUntilFull(Persona.ACME));
        assertThrows(IllegalArgumentException.class, () -> new Pace<String>(-1, now::get));
    }

    @Test
    void instancesSharingAStoreGiveATenantThePaceOnce() {
        Pace.Store<String> shared = Pace.local(now::get); // stands in for Redis (SharedPaceTest: the real one)
        Pace<String> one = new Pace<>(1000, now::get, shared, 0, null);
        Pace<String> two = new Pace<>(1000, now::get, shared, 0, null);
        long published = 0;
        for (int pass = 0; pass < 1_000; pass++) { // both instances come back every 10 ms
            published += one.take(Persona.ACME, 500) + two.take(Persona.ACME, 500);
            advanceMillis(10);
        }
        assertEquals(10_020, published, 10);
    }

    @Test
    void aFailingSharedStoreLeavesTheInstanceItsOwnPaceUntilItIsAskedAgain() {
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<String> events = new java.util.ArrayList<>();
        Pace.Store<String> healthy = Pace.local(now::get);
        Pace.Store<String> flaky = (key, capacity, rate, giveBack, want) -> {
            asked.incrementAndGet();
            if (down.get()) {
                throw new IllegalStateException("redis is away");
            }
            return healthy.take(key, capacity, rate, giveBack, want);
        };
        Pace<String> pace = new Pace<>(1000, now::get, flaky, TimeUnit.SECONDS.toNanos(2), new Pace.Fallback() {
            @Override
            public void storeFailed(RuntimeException failure) {
                events.add("failed");
            }

            @Override
            public void storeBack() {
                events.add("back");
            }
        });
        assertEquals(20, pace.take(Persona.ACME, 500), "paced by the instance's own bucket, not unlimited");
        assertEquals(0, pace.take(Persona.ACME, 500));
        assertTrue(pace.degraded());
        assertEquals(1, asked.get(), "the store is not asked again before the retry interval");
        down.set(false);
        advanceMillis(2_000);
        assertEquals(20, pace.take(Persona.ACME, 500));
        assertFalse(pace.degraded());
        assertEquals(java.util.List.of("failed", "back"), events, "told once each way");
    }

    @Test
    void aTokenBucketRefillsAtItsRateUpToItsCapacity() {
        TokenBucket bucket = new TokenBucket(10, 100, now::get);
        assertEquals(10, bucket.available(50), "starts full");
        assertTrue(bucket.tryTake());
        bucket.spend(9);
        assertFalse(bucket.tryTake(), "empty");
        assertEquals(10, bucket.millisUntil(1), "one token per 10 ms");
        assertEquals(100, bucket.millisUntilFull());
        advanceMillis(25);
        assertEquals(2, bucket.available(50));
        advanceMillis(10_000);
        assertEquals(10, bucket.available(50), "never more than its capacity");
        assertEquals(0, bucket.millisUntilFull());
    }

    @Test
    void aReshapedBucketRefillsAtItsNewRate() {
        TokenBucket bucket = new TokenBucket(10, 100, now::get);
        bucket.spend(10);
        bucket.reshape(5, 1000);
        advanceMillis(2);
        assertEquals(2, bucket.available(50));
        advanceMillis(100);
        assertEquals(5, bucket.available(50), "the new capacity");
        assertThrows(IllegalArgumentException.class, () -> bucket.reshape(5, 0));
    }

    @Test
    void oncePerIntervalPerTenant() {
        OncePer<String> purges = new OncePer<>(java.time.Duration.ofMinutes(10), now::get);
        assertTrue(purges.due(Persona.ACME));
        assertFalse(purges.due(Persona.ACME));
        assertTrue(purges.due(Persona.GLOBEX), "per tenant");
        advanceMillis(599_999);
        assertFalse(purges.due(Persona.ACME));
        advanceMillis(1);
        assertTrue(purges.due(Persona.ACME));
    }
}
