package dev.enclave.events.consume;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * One DEBUG line per consumer turn with where its time went, next to the relay's per-pass line (same category, off
 * by default): bench/events.sh turns it on and bench/events/timings.py splits it by tenant and phase.
 */
final class TurnTimings {

    private static final Logger TIMINGS = Logger.getLogger("dev.enclave.events.timings");

    private TurnTimings() {
    }

    /**
     * waited: the tenant in line for the turn; sent: from the oldest record's producer timestamp to the turn's start
     * (producer, broker, fetch, read-ahead); serve: the turn itself (transaction, handler, commit, acks).
     */
    static void log(String consumer, String tenant, long waitedNanos, long startedNanos,
            Supplier<List<Message<String>>> messages) {
        if (!TIMINGS.isDebugEnabled()) {
            return;
        }
        long now = System.currentTimeMillis();
        long serve = System.nanoTime() - startedNanos;
        long oldest = messages.get().stream().map(m -> m.getMetadata(IncomingKafkaRecordMetadata.class))
                .flatMap(Optional::stream).mapToLong(m -> m.getTimestamp().toEpochMilli()).min().orElse(now);
        TIMINGS.debug(String.format(Locale.ROOT, "consumer-turn at=%d consumer=%s tenant=%s items=%d waited=%.2f sent=%d serve=%.2f",
                now, consumer, tenant, messages.get().size(), waitedNanos / 1e6, now - oldest - serve / 1_000_000, serve / 1e6));
    }
}
