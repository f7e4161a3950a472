package dev.enclave.events.consume;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

import dev.enclave.events.DomainEvent;
import dev.enclave.events.EventChannels;
import dev.enclave.events.EventRetryLater;
import dev.enclave.events.SignedRecords;
import dev.enclave.testing.EventPipeline;
import dev.enclave.testing.Persona;

/**
 * {@link EventRetryLater}: the real {@link FairEventSubscriber} (real admission, tenant registry, transactions and
 * processed-event ids) fed signed records by hand, with a handler that says "not now" a given number of times. A
 * deferred event is applied exactly once afterwards, in order, and is never dead-lettered (nacked); on shutdown it
 * is neither acked nor nacked, so Kafka redelivers it.
 */
@QuarkusTest
class EventRetryLaterTest {

    private static final String TENANT = Persona.ACME;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    EventConsumers consumers;

    /** What happened to one fed record. */
    static final class Delivery {
        final AtomicInteger acks = new AtomicInteger();
        final AtomicInteger nacks = new AtomicInteger();
        final Message<String> message;

        Delivery(ProducerRecord<String, String> record, long offset) {
            ConsumerRecord<String, String> consumed = new ConsumerRecord<>(record.topic(), 0, offset,
                    System.currentTimeMillis(), TimestampType.CREATE_TIME, -1, -1, record.key(), record.value(),
                    record.headers(), Optional.empty());
            message = Message.of(record.value(), Metadata.of(new IncomingKafkaRecordMetadata<>(consumed, "retry-test")),
                    () -> {
                        acks.incrementAndGet();
                        return CompletableFuture.completedFuture(null);
                    },
                    failure -> {
                        nacks.incrementAndGet();
                        return CompletableFuture.completedFuture(null);
                    });
        }
    }

    /** Says "retry later" for the first {@code refusals} calls that include a given event; records what it applied. */
    static final class FlakyHandler implements DomainEventHandler {
        final int refusals;
        final ConcurrentHashMap<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();
        final List<UUID> applied = new CopyOnWriteArrayList<>();
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();

        FlakyHandler(int refusals) {
            this.refusals = refusals;
        }

        @Override
        public void handle(List<DomainEvent> events) {
            threads.add(Thread.currentThread());
            for (DomainEvent event : events) {
                if (attempts.computeIfAbsent(event.eventId(), id -> new AtomicInteger()).incrementAndGet() <= refusals) {
                    throw new EventRetryLater("dependency down (test)", null);
                }
            }
            events.forEach(e -> applied.add(e.eventId()));
        }
    }

    @Test
    void aDeferredEventIsAppliedExactlyOnceAfterTheRefusalsAndNeverDeadLettered() {
        FlakyHandler handler = new FlakyHandler(3);
        FairEventSubscriber subscriber = subscribe("retry-once", handler);
        try {
            UUID aggregate = UUID.randomUUID();
            Delivery first = new Delivery(event(aggregate, 0), 1);
            Delivery second = new Delivery(event(aggregate, 1), 2);
            UUID firstId = eventId(first);
            UUID secondId = eventId(second);
            subscriber.onNext(first.message);
            subscriber.onNext(second.message);

            await().atMost(WAIT).until(() -> first.acks.get() == 1 && second.acks.get() == 1);
            assertTrue(handler.attempts.get(firstId).get() > 3, "the first event was refused 3 times, then applied");
            assertEquals(List.of(firstId, secondId), handler.applied, "each applied once, in their order");
            assertEquals(0, first.nacks.get() + second.nacks.get(), "never dead-lettered");
            assertTrue(EventPipeline.processed(TENANT, "retry-once", firstId));

            // Redelivered (e.g. after a restart): recorded as processed, so not applied a second time.
            Delivery again = new Delivery(event(first), 1);
            subscriber.onNext(again.message);
            await().atMost(WAIT).until(() -> again.acks.get() == 1);
            assertEquals(List.of(firstId, secondId), handler.applied);
        } finally {
            subscriber.stop();
        }
    }

    @Test
    void onShutdownADeferredEventIsNeitherAckedNorNackedNorRecordedAsProcessed() throws Exception {
        FlakyHandler handler = new FlakyHandler(Integer.MAX_VALUE);
        FairEventSubscriber subscriber = subscribe("retry-stop", handler);
        Delivery held = new Delivery(event(UUID.randomUUID(), 0), 1);
        UUID id = eventId(held);
        subscriber.onNext(held.message);
        await().atMost(WAIT).until(() -> handler.attempts.containsKey(id) && handler.attempts.get(id).get() >= 2);

        subscriber.stop();
        int attempts = handler.attempts.get(id).get();
        // Only the threads that called the handler could retry: once they have ended, nothing can (no sleep).
        for (Thread thread : handler.threads) {
            thread.join(WAIT.toMillis());
            assertFalse(thread.isAlive(), "the consumer's worker " + thread.getName() + " ended with the stop");
        }
        assertEquals(attempts, handler.attempts.get(id).get(), "no retry after the stop");
        assertEquals(0, held.acks.get(), "not acked: the offset is not committed past it");
        assertEquals(0, held.nacks.get(), "not nacked: not dead-lettered");
        assertTrue(handler.applied.isEmpty());
        assertFalse(EventPipeline.processed(TENANT, "retry-stop", id));
    }

    private FairEventSubscriber subscribe(String name, DomainEventHandler handler) {
        FairEventSubscriber subscriber = consumers.subscriber(name, handler);
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                // fed by hand
            }

            @Override
            public void cancel() {
            }
        });
        return subscriber;
    }

    private static ProducerRecord<String, String> event(UUID aggregate, long version) {
        UUID id = UUID.randomUUID();
        String value = """
                {"eventId":"%s","type":"DocumentUpdated","aggregateType":"document","aggregateId":"%s",\
                "aggregateVersion":%d,"occurredAt":"%s","actor":"someone","data":{"id":"%s"}}"""
                .formatted(id, aggregate, version, Instant.now(), aggregate);
        return SignedRecords.signed("retry-test", TENANT, TENANT + ":" + aggregate, value);
    }

    /** The same record once more (a redelivery). */
    private static ProducerRecord<String, String> event(Delivery delivery) {
        ConsumerRecord<?, ?> consumed = delivery.message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow().getRecord();
        return new ProducerRecord<>("retry-test", null, (String) consumed.key(), (String) consumed.value(), consumed.headers());
    }

    private static UUID eventId(Delivery delivery) {
        return UUID.fromString(new String(delivery.message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow()
                .getHeaders().lastHeader(EventChannels.EVENT_ID).value(), java.nio.charset.StandardCharsets.UTF_8));
    }
}
