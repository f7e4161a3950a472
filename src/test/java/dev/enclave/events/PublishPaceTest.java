package dev.enclave.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.enclave.testing.Persona;

class PublishPaceTest {

    final AtomicLong now = new AtomicLong(TimeUnit.SECONDS.toNanos(1_000));

    void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void aTenantStartsWith20MillisecondsWorth() {
        PublishPace pace = new PublishPace(1000, now::get);
        assertEquals(20, pace.available(Persona.ACME, 500));
        assertEquals(10, pace.available(Persona.ACME, 10), "never more than the pass asks for");
    }

    @Test
    void aFloodDrainsAtThePaceNotFaster() {
        PublishPace pace = new PublishPace(1000, now::get);
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
        PublishPace pace = new PublishPace(1000, now::get);
        pace.spend(Persona.ACME, pace.available(Persona.ACME, 500));
        assertEquals(0, pace.available(Persona.ACME, 500));
        assertEquals(20, pace.millisUntilFull(Persona.ACME));
        advanceMillis(8);
        assertEquals(12, pace.millisUntilFull(Persona.ACME));
        assertEquals(8, pace.available(Persona.ACME, 500));
    }

    @Test
    void tenantsHaveTheirOwnBuckets() {
        PublishPace pace = new PublishPace(1000, now::get);
        pace.spend(Persona.ACME, pace.available(Persona.ACME, 500));
        assertEquals(0, pace.available(Persona.ACME, 500));
        assertEquals(20, pace.available(Persona.GLOBEX, 500));
    }

    @Test
    void anIdleTenantSavesNoMoreThanOneBucket() {
        PublishPace pace = new PublishPace(1000, now::get);
        pace.spend(Persona.ACME, 20);
        advanceMillis(60_000);
        assertEquals(20, pace.available(Persona.ACME, 500));
    }

    @Test
    void zeroMeansNoLimit() {
        PublishPace pace = new PublishPace(0, now::get);
        pace.spend(Persona.ACME, 1_000_000);
        assertEquals(500, pace.available(Persona.ACME, 500));
        assertEquals(0, pace.millisUntilFull(Persona.ACME));
        assertThrows(IllegalArgumentException.class, () -> new PublishPace(-1, now::get));
    }
}
