package dev.enclave.events.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a relay pass hands its rows to the producer ({@link SendWindow#send}): a bounded number in flight,
 * so another tenant's events never queue behind a whole batch; one event per aggregate in flight, in order.
 */
class OutboxSendWindowTest {

    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Long enough that a whole wave is handed over before the first acknowledgement comes back. */
    private static final long ACK_MILLIS = 50;

    /** A broker that acknowledges every send a moment later, from another thread, and counts what is in flight. */
    private final ScheduledExecutorService broker = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final Map<UUID, AtomicInteger> inFlightPerAggregate = new ConcurrentHashMap<>();
    private final AtomicInteger mostInFlightOfOneAggregate = new AtomicInteger();
    /**
     * The broker acknowledges nothing before this many sends came in, so "n in flight at once" does not depend on
     * the test thread handing over n sends within ACK_MILLIS on a busy machine.
     */
    private CountDownLatch wave = new CountDownLatch(0);

    @AfterEach
    void stopBroker() {
        broker.shutdownNow();
    }

    @Test
    void aBigBatchNeverHasMoreThanMaxInFlightEventsInTheProducer() {
        List<OutboxEntity> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add(row(UUID.randomUUID(), 1));
        }
        wave = new CountDownLatch(50);

        SendWindow.Sent sent = SendWindow.send(rows, 50, this::acknowledgeLater, deadline());

        assertNull(sent.failure());
        assertEquals(ids(rows), sent.done(), "all published, in seq order");
        assertEquals(50, mostInFlight.get(), "50 in flight while more wait, never more (before the cap: all 500 at once)");
    }

    @Test
    void anAggregateHasOneEventInFlightAndKeepsItsOrder() {
        UUID busy = UUID.randomUUID();
        List<OutboxEntity> rows = new ArrayList<>();
        for (int version = 1; version <= 5; version++) {
            rows.add(row(busy, version));
            rows.add(row(UUID.randomUUID(), 1));
        }

        SendWindow.Sent sent = SendWindow.send(rows, 50, this::acknowledgeLater, deadline());

        assertNull(sent.failure());
        assertEquals(1, mostInFlightOfOneAggregate.get(), "never two events of one aggregate in flight");
        List<UUID> busyDone = sent.done().stream().filter(id -> rows.stream()
                .anyMatch(r -> r.id.equals(id) && r.aggregateId.equals(busy))).toList();
        assertEquals(ids(rows.stream().filter(r -> r.aggregateId.equals(busy)).toList()), busyDone,
                "the busy aggregate's versions 1..5 in order");
        assertEquals(10, sent.done().size());
    }

    @Test
    void aFailedSendLeavesItsAggregateAndItsLaterEventsForTheNextPass() {
        UUID failing = UUID.randomUUID();
        OutboxEntity first = row(failing, 1);
        OutboxEntity refused = row(failing, 2);
        OutboxEntity later = row(failing, 3);
        OutboxEntity other = row(UUID.randomUUID(), 1);
        RuntimeException brokerDown = new RuntimeException("broker down");
        Function<OutboxEntity, CompletableFuture<Void>> send = r -> r == refused
                ? CompletableFuture.failedFuture(brokerDown)
                : acknowledgeLater(r);

        SendWindow.Sent sent = SendWindow.send(List.of(first, other, refused, later), 50, send, deadline());

        assertSame(brokerDown, sent.failure());
        assertEquals(List.of(first.id, other.id), sent.done(), "version 3 is not published before version 2");
    }

    @Test
    void aCapBelowOneIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class,
                () -> SendWindow.send(List.of(row(UUID.randomUUID(), 1)), 0, this::acknowledgeLater, deadline()));
    }

    private CompletableFuture<Void> acknowledgeLater(OutboxEntity row) {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        AtomicInteger ofAggregate = inFlightPerAggregate.computeIfAbsent(row.aggregateId, k -> new AtomicInteger());
        mostInFlightOfOneAggregate.accumulateAndGet(ofAggregate.incrementAndGet(), Math::max);
        CompletableFuture<Void> acked = new CompletableFuture<>();
        CountDownLatch wave = this.wave;
        wave.countDown();
        broker.schedule(() -> {
            try {
                wave.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ofAggregate.decrementAndGet();
            inFlight.decrementAndGet();
            acked.complete(null);
        }, ACK_MILLIS, TimeUnit.MILLISECONDS);
        return acked;
    }

    private static long deadline() {
        return System.nanoTime() + DEADLINE_NANOS;
    }

    private static OutboxEntity row(UUID aggregate, long version) {
        OutboxEntity row = new OutboxEntity();
        row.id = UUID.randomUUID();
        row.aggregateId = aggregate;
        row.aggregateVersion = version;
        row.eventType = "DocumentUpdated";
        return row;
    }

    private static List<UUID> ids(List<OutboxEntity> rows) {
        return rows.stream().map(r -> r.id).toList();
    }

    @Test
    void theTestBrokerReallyOverlapsSends() {
        // Guards the first test: if the fake broker acknowledged synchronously, "at most 50 in flight" would hold
        // trivially. Unbounded, all 500 are in flight together.
        List<OutboxEntity> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add(row(UUID.randomUUID(), 1));
        }
        wave = new CountDownLatch(500);
        SendWindow.send(rows, Integer.MAX_VALUE, this::acknowledgeLater, deadline());
        assertEquals(500, mostInFlight.get(), "unbounded, the whole batch is in flight");
    }
}
