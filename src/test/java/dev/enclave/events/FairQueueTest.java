package dev.enclave.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Tenants take turns; a tenant with a backlog waits behind each other tenant once per turn, never on two workers. */
class FairQueueTest {

    @Test
    void aQuietTenantIsServedAfterAtMostOneTurnOfABusyOne() throws Exception {
        FairQueue<Integer> queue = new FairQueue<>();
        for (int i = 0; i < 50_000; i++) {
            queue.add("a", i);
        }
        queue.add("b", 1);

        FairQueue.Turn<Integer> first = queue.take(100, 1, TimeUnit.SECONDS);
        assertEquals("a", first.key());
        assertEquals(100, first.items().size());
        queue.release("a", false);
        FairQueue.Turn<Integer> second = queue.take(100, 1, TimeUnit.SECONDS);
        assertEquals("b", second.key(), "b's one event does not wait for a's 49,900 others");
        assertEquals(List.of(1), second.items());
    }

    @Test
    void aTenantIsNeverServedByTwoWorkersAndKeepsItsOrder() throws Exception {
        FairQueue<Integer> queue = new FairQueue<>();
        queue.add("a", 1);
        queue.add("a", 2);
        FairQueue.Turn<Integer> turn = queue.take(1, 1, TimeUnit.SECONDS);
        assertEquals(List.of(1), turn.items());
        queue.add("a", 3);
        assertNull(queue.take(10, 50, TimeUnit.MILLISECONDS), "a is busy: no second worker gets it");
        queue.release("a", false);
        assertEquals(List.of(2, 3), queue.take(10, 1, TimeUnit.SECONDS).items());
    }

    @Test
    void aSignalDuringATurnGivesTheTenantAnotherOne() throws Exception {
        FairQueue<Void> queue = new FairQueue<>();
        queue.signal("a");
        FairQueue.Turn<Void> turn = queue.take(0, 1, TimeUnit.SECONDS);
        queue.signal("a"); // e.g. a commit while the relay was publishing a's previous rows
        queue.release(turn.key(), false);
        assertEquals("a", queue.take(0, 1, TimeUnit.SECONDS).key());
        queue.release("a", false);
        assertNull(queue.take(0, 50, TimeUnit.MILLISECONDS));
        assertEquals(0, queue.size());
    }
}
