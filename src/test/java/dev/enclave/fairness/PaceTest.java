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
        assertEquals(20, pace.available(Persona.ACME, 500));
        assertEquals(10, pace.available(Persona.ACME, 10), "never more than the pass asks for");
    }

    @Test
    void aFloodDrainsAtThePaceNotFaster() {
        Pace<String> pace = new Pace<>(1000, now::get);
        long published = 0;
        for (int pass = 0; pass < 1_000; pass++) { // a relay that comes back every 10 ms for a minute's backlog
            int budget = pace.available(Persona.ACME, 500);
            pace.spend(Persona.ACME, budget);
            published += budget;
            advanceMillis(10);
        }
        // 10 s at 1,000 events/s, plus the first bucket (20): not the 500 per pass an unpaced relay takes
        assertEquals(10_020, published, 10);
    }

    @Test
    void aPacedTenantComesBackWhenItsBucketIsFull() {
        Pace<String> pace = new Pace<>(1000, now::get);
        pace.spend(Persona.ACME, pace.available(Persona.ACME, 500));
        assertEquals(0, pace.available(Persona.ACME, 500));
        assertEquals(20, pace.millisUntilFull(Persona.ACME));
        advanceMillis(8);
        assertEquals(12, pace.millisUntilFull(Persona.ACME));
        assertEquals(8, pace.available(Persona.ACME, 500));
    }

    @Test
    void tenantsHaveTheirOwnBuckets() {
        Pace<String> pace = new Pace<>(1000, now::get);
        pace.spend(Persona.ACME, pace.available(Persona.ACME, 500));
        assertEquals(0, pace.available(Persona.ACME, 500));
        assertEquals(20, pace.available(Persona.GLOBEX, 500));
    }

    @Test
    void anIdleTenantSavesNoMoreThanOneBucket() {
        Pace<String> pace = new Pace<>(1000, now::get);
        pace.spend(Persona.ACME, 20);
        advanceMillis(60_000);
        assertEquals(20, pace.available(Persona.ACME, 500));
    }

    @Test
    void zeroMeansNoLimit() {
        Pace<String> pace = new Pace<>(0, now::get);
        pace.spend(Persona.ACME, 1_000_000);
        assertEquals(500, pace.available(Persona.ACME, 500));
        assertEquals(0, pace.millisUntilFull(Persona.ACME));
        assertThrows(IllegalArgumentException.class, () -> new Pace<String>(-1, now::get));
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
