package dev.enclave.fairness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Tenants take turns; a tenant with a backlog waits behind each other tenant once per turn, never on more workers
 * than its concurrency; the tenant running the fewest turns goes first.
 */
class FairTurnsTest {

    @Test
    void aQuietTenantIsServedAfterAtMostOneTurnOfABusyOne() throws Exception {
        FairTurns<String, Integer> turns = FairTurns.oneAtATime();
        for (int i = 0; i < 50_000; i++) {
            turns.add("a", i);
        }
        turns.add("b", 1);

        FairTurns.Turn<String, Integer> first = turns.take(100, 1, TimeUnit.SECONDS);
        assertEquals("a", first.tenant());
        assertEquals(100, first.items().size());
        turns.release("a", false);
        FairTurns.Turn<String, Integer> second = turns.take(100, 1, TimeUnit.SECONDS);
        assertEquals("b", second.tenant(), "b's one event does not wait for a's 49,900 others");
        assertEquals(List.of(1), second.items());
    }

    @Test
    void aTenantIsNeverServedByTwoWorkersAndKeepsItsOrder() throws Exception {
        FairTurns<String, Integer> turns = FairTurns.oneAtATime();
        turns.add("a", 1);
        turns.add("a", 2);
        FairTurns.Turn<String, Integer> turn = turns.take(1, 1, TimeUnit.SECONDS);
        assertEquals(List.of(1), turn.items());
        turns.add("a", 3);
        assertNull(turns.take(10, 50, TimeUnit.MILLISECONDS), "a is busy: no second worker gets it");
        turns.release("a", false);
        assertEquals(List.of(2, 3), turns.take(10, 1, TimeUnit.SECONDS).items());
    }

    @Test
    void aSignalDuringATurnGivesTheTenantAnotherOne() throws Exception {
        FairTurns<String, Void> turns = FairTurns.oneAtATime();
        turns.signal("a");
        FairTurns.Turn<String, Void> turn = turns.take(0, 1, TimeUnit.SECONDS);
        turns.signal("a"); // e.g. a commit while the relay was publishing a's previous rows
        turns.release(turn.tenant(), false);
        assertEquals("a", turns.take(0, 1, TimeUnit.SECONDS).tenant());
        turns.release("a", false);
        assertNull(turns.take(0, 50, TimeUnit.MILLISECONDS));
        assertEquals(0, turns.size());
    }

    @Test
    void againGivesTheTenantAnotherTurnAtTheBackOfTheLine() throws Exception {
        FairTurns<String, Void> turns = FairTurns.oneAtATime();
        turns.signal("a");
        turns.signal("b");
        assertEquals("a", turns.take(0, 1, TimeUnit.SECONDS).tenant());
        turns.release("a", true); // a published a full batch: more may be waiting
        assertEquals("b", turns.take(0, 1, TimeUnit.SECONDS).tenant());
        turns.release("b", false);
        assertEquals("a", turns.take(0, 1, TimeUnit.SECONDS).tenant());
    }

    @Test
    void aTenantRunsAtMostItsConcurrencyAndTakesTurnsRoundRobin() throws Exception {
        FairTurns<String, String> turns = new FairTurns<>(FairTurns.UNBOUNDED, 1, 100);
        for (int i = 0; i < 5; i++) {
            turns.add("a", "a" + i, 2);
        }
        turns.add("b", "b0");
        assertEquals(List.of("a0"), turns.take(1, 1, TimeUnit.SECONDS).items());
        assertEquals(List.of("b0"), turns.take(1, 1, TimeUnit.SECONDS).items(), "a went to the back after its turn");
        assertEquals(List.of("a1"), turns.take(1, 1, TimeUnit.SECONDS).items());
        assertNull(turns.take(1, 50, TimeUnit.MILLISECONDS), "a runs two at once, its concurrency");
        assertEquals(2, turns.running("a"));
        assertEquals(3, turns.waiting("a"));
        turns.release("a", false);
        assertEquals(List.of("a2"), turns.take(1, 1, TimeUnit.SECONDS).items());
    }

    @Test
    void theTenantRunningTheFewestGoesFirstThenTheFirstInLine() {
        FairTurns<String, String> turns = new FairTurns<>(2, FairTurns.UNBOUNDED, FairTurns.UNBOUNDED);
        turns.add("a", "a0");
        turns.add("a", "a1");
        assertEquals("a", turns.poll(1).tenant());
        assertEquals("a", turns.poll(1).tenant());
        turns.add("a", "a2");
        turns.add("c", "c0");
        turns.add("b", "b0");
        assertNull(turns.poll(1), "both slots are taken");
        turns.release("a", false);
        assertEquals(List.of("c0"), turns.poll(1).items(), "a runs one, c none, and c is ahead of b in line");
        turns.release("c", false);
        assertEquals(List.of("b0"), turns.poll(1).items(), "a runs one, b none");
        turns.release("a", false);
        assertEquals(List.of("a2"), turns.poll(1).items());
        assertEquals(2, turns.running());
    }

    @Test
    void aFullQueueRefusesTheNextItem() throws Exception {
        FairTurns<String, Integer> turns = new FairTurns<>(FairTurns.UNBOUNDED, 1, 2);
        assertTrue(turns.add("a", 1));
        assertTrue(turns.add("a", 2));
        assertFalse(turns.add("a", 3));
        assertTrue(turns.add("b", 1), "the bound is per tenant");
        turns.take(1, 1, TimeUnit.SECONDS);
        assertTrue(turns.add("a", 3), "a turn made room");
    }

    @Test
    void aWithdrawnItemLeavesNoTrace() {
        FairTurns<String, String> turns = new FairTurns<>(1, FairTurns.UNBOUNDED, FairTurns.UNBOUNDED);
        turns.add("a", "a0");
        turns.poll(1);
        turns.add("b", "b0");
        assertTrue(turns.withdraw("b", "b0"), "still waiting: taken back");
        assertEquals(0, turns.size());
        turns.release("a", false);
        assertNull(turns.poll(1), "nobody is waiting");
        assertEquals(0, turns.running());
        turns.add("c", "c0");
        assertEquals("c", turns.poll(1).tenant());
        assertFalse(turns.withdraw("c", "c0"), "already given a turn");
    }

    @Test
    void aWaitingWorkerIsWokenByNewWorkAndByAFreedSlot() throws Exception {
        FairTurns<String, String> turns = new FairTurns<>(1, FairTurns.UNBOUNDED, FairTurns.UNBOUNDED);
        CompletableFuture<FairTurns.Turn<String, String>> first = CompletableFuture.supplyAsync(() -> take(turns));
        turns.add("a", "a0");
        assertEquals("a", first.get(5, TimeUnit.SECONDS).tenant());
        CompletableFuture<FairTurns.Turn<String, String>> second = CompletableFuture.supplyAsync(() -> take(turns));
        turns.add("b", "b0");
        Thread.sleep(50);
        assertFalse(second.isDone(), "the only slot is a's");
        turns.release("a", false);
        assertEquals("b", second.get(5, TimeUnit.SECONDS).tenant());
    }

    @Test
    void releasingATurnNobodyHoldsIsABug() {
        FairTurns<String, String> turns = FairTurns.oneAtATime();
        assertThrows(IllegalStateException.class, () -> turns.release("a", false));
    }

    private static FairTurns.Turn<String, String> take(FairTurns<String, String> turns) {
        try {
            return turns.take(1, 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aBulkTenantsNextTurnWaitsWhileAQuietTenantIsServed() throws Exception {
        FairTurns<String, Integer> turns = FairTurns.oneAtATime(TimeUnit.SECONDS.toNanos(5));
        turns.add("quiet", 1, false);
        FairTurns.Turn<String, Integer> quiet = turns.take(10, 1, TimeUnit.SECONDS);
        assertEquals("quiet", quiet.tenant());
        turns.add("flood", 1, true);
        assertNull(turns.take(10, 100, TimeUnit.MILLISECONDS), "a free worker, but the flood yields to the quiet turn");
        CompletableFuture<FairTurns.Turn<String, Integer>> next = CompletableFuture.supplyAsync(() -> {
            try {
                return turns.take(10, 5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertFalse(next.isDone());
        turns.release("quiet", false);
        assertEquals("flood", next.get(2, TimeUnit.SECONDS).tenant(), "its turn as soon as the quiet one is done");
    }

    @Test
    void aBulkTenantYieldsAtMostTheBound() throws Exception {
        FairTurns<String, Integer> turns = FairTurns.oneAtATime(TimeUnit.MILLISECONDS.toNanos(200));
        turns.add("quiet", 1, false);
        turns.take(10, 1, TimeUnit.SECONDS); // the quiet tenant's turn never ends in this test
        turns.add("flood", 1, true);
        long start = System.nanoTime();
        FairTurns.Turn<String, Integer> turn = turns.take(10, 5, TimeUnit.SECONDS);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals("flood", turn.tenant());
        assertTrue(waited >= 150 && waited < 2_000, "waited " + waited + " ms, about the bound");
    }

    @Test
    void aBulkTenantAloneOrAmongBulkTenantsDoesNotWait() throws Exception {
        FairTurns<String, Integer> turns = FairTurns.oneAtATime(TimeUnit.SECONDS.toNanos(5));
        turns.add("flood", 1, true);
        turns.add("other-flood", 1, true);
        assertEquals("flood", turns.take(10, 100, TimeUnit.MILLISECONDS).tenant());
        assertEquals("other-flood", turns.take(10, 100, TimeUnit.MILLISECONDS).tenant());
        turns.add("quiet", 1, true);
        turns.mark("quiet", false); // e.g. its rate dropped
        turns.add("flood", 2, true);
        turns.release("flood", false);
        assertEquals("quiet", turns.take(10, 100, TimeUnit.MILLISECONDS).tenant());
        assertNull(turns.take(10, 100, TimeUnit.MILLISECONDS), "flood yields while quiet runs");
    }

    @Test
    void withoutABoundBulkTenantsDoNotYield() throws Exception {
        FairTurns<String, Integer> turns = FairTurns.oneAtATime();
        turns.add("quiet", 1, false);
        turns.take(10, 1, TimeUnit.SECONDS);
        turns.add("flood", 1, true);
        assertEquals("flood", turns.take(10, 100, TimeUnit.MILLISECONDS).tenant());
    }

    @Test
    void aTenantIsBusyAtItsRateInThisSecondOrTheLast() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(TimeUnit.SECONDS.toNanos(100));
        RecentRate<String> rate = new RecentRate<>(100, now::get);
        assertFalse(rate.add("a", 99));
        assertTrue(rate.add("a", 1));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_500));
        assertTrue(rate.busy("a"), "the second before counts");
        assertFalse(rate.busy("b"));
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertFalse(rate.busy("a"), "two seconds without: not busy");
        assertFalse(new RecentRate<String>(0, now::get).add("a", 1_000_000), "0: nobody");
    }
}
