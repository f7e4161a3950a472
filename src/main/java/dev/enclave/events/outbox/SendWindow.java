package dev.enclave.events.outbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** How the relay sends one pass's rows to the broker: a window of sends, one per aggregate in flight. */
final class SendWindow {

    private SendWindow() {
    }

    /** What the broker took in one pass (in the order it acknowledged them), and the first failure, if any. */
    record Sent(List<UUID> done, Throwable failure) {
    }

    private record Ack(OutboxEntity row, Throwable error) {
    }

    /**
     * Sends one pass's rows (in seq order) keeping at most {@code maxInFlight} unacknowledged, and at most one per
     * aggregate: an aggregate's next event is sent only once the broker took the previous. A failed send can be
     * followed by a successful one (the broker comes back), so sending an aggregate's events together could put a
     * later version on the topic before an earlier one; an aggregate whose send failed is left, with its later
     * events, for the next pass, and nothing new is sent after a failure. The bound matters because the producer
     * is one queue for all tenants: another tenant's pass waits behind at most that many of this tenant's events.
     * A window rather than waves: the next event goes out as soon as any is acknowledged, instead of the producer
     * idling until a whole wave is.
     */
    static Sent send(List<OutboxEntity> rows, int maxInFlight,
            Function<OutboxEntity, CompletableFuture<Void>> send, long deadline) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("enclave.events.relay.max-in-flight must be at least 1");
        }
        Map<UUID, ArrayDeque<OutboxEntity>> byAggregate = new LinkedHashMap<>();
        for (OutboxEntity row : rows) {
            byAggregate.computeIfAbsent(row.aggregateId, k -> new ArrayDeque<>()).add(row);
        }
        ArrayDeque<UUID> ready = new ArrayDeque<>(byAggregate.keySet()); // aggregates with nothing in flight
        LinkedBlockingQueue<Ack> acks = new LinkedBlockingQueue<>();
        List<UUID> done = new ArrayList<>(rows.size());
        Throwable failure = null;
        int inFlight = 0;
        while (true) {
            while (failure == null && inFlight < maxInFlight && !ready.isEmpty()) {
                OutboxEntity row = byAggregate.get(ready.poll()).peek();
                CompletableFuture<Void> sent;
                try {
                    sent = send.apply(row);
                } catch (RuntimeException e) {
                    sent = CompletableFuture.failedFuture(e);
                }
                inFlight++;
                sent.whenComplete((ok, error) -> acks.add(new Ack(row, error)));
            }
            if (inFlight == 0) {
                return new Sent(done, failure);
            }
            Ack ack;
            try {
                ack = acks.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Sent(done, failure == null ? e : failure);
            }
            if (ack == null) { // what is still in flight stays pending and is sent again by a later pass
                return new Sent(done, failure == null ? new TimeoutException("no acknowledgement from the broker in time") : failure);
            }
            inFlight--;
            if (ack.error() == null) {
                done.add(ack.row().id);
                ArrayDeque<OutboxEntity> rest = byAggregate.get(ack.row().aggregateId);
                rest.poll();
                if (!rest.isEmpty()) {
                    ready.add(ack.row().aggregateId);
                }
            } else {
                failure = failure == null ? ack.error() : failure;
            }
        }
    }
}
