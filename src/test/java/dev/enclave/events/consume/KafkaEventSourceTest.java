package dev.enclave.events.consume;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * The poll loop outlives its client: whatever the Kafka client throws, a new one is made and reading resumes from
 * the committed offset, so a record is never skipped and the loop never ends by itself (what failed the SmallRye
 * channels for good). Narrow unit test with Kafka's MockConsumer; LongBrokerOutageTest does it with a real broker.
 */
class KafkaEventSourceTest {

    private static final String TOPIC = "events";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    /** The broker's view shared by the clients one source makes: committed offsets survive a client. */
    private final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    private final AtomicInteger clientsMade = new AtomicInteger();

    @Test
    void aClientThatThrowsIsReplacedAndReadingResumesFromTheCommittedOffset() {
        List<Message<String>> received = new CopyOnWriteArrayList<>();
        KafkaEventSource source = new KafkaEventSource(new KafkaEventSource.Channel("test", TOPIC, "group", "dlq"),
                () -> client(5), null, sink(received, true));
        source.start();
        try {
            // the first client hands out offsets 0..4 (acked, committed), then fails; the second resumes at 5
            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 10);
            assertTrue(source.restarts() >= 1, "the failing client was replaced");
            assertTrue(clientsMade.get() >= 2);
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L),
                    received.stream().limit(10).map(KafkaEventSourceTest::offset).toList(), "nothing skipped, nothing twice");
            assertTrue(source.alive(Duration.ofSeconds(5)), "still polling");
        } finally {
            source.stop();
        }
    }

    @Test
    void anUnfinishedRecordIsNeverCommittedPastSoItComesAgainFromTheNextClient() {
        List<Message<String>> received = new CopyOnWriteArrayList<>();
        KafkaEventSource source = new KafkaEventSource(new KafkaEventSource.Channel("test", TOPIC, "group", "dlq"),
                () -> client(3), null, sink(received, false)); // nothing is ever acked
        source.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> clientsMade.get() >= 2 && received.size() >= 6);
            assertEquals(List.of(0L, 1L, 2L), received.stream().skip(3).limit(3).map(KafkaEventSourceTest::offset).toList(),
                    "the second client starts again at the oldest unfinished record");
        } finally {
            source.stop();
        }
    }

    /** A client that serves offsets from the committed one on and throws after {@code failAfter} records. */
    private synchronized Consumer<String, String> client(int failAfter) {
        clientsMade.incrementAndGet();
        MockConsumer<String, String> client = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name()) {
            @Override
            public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
                    org.apache.kafka.clients.consumer.OffsetCommitCallback callback) {
                synchronized (KafkaEventSourceTest.this) {
                    committed.putAll(offsets);
                }
                super.commitAsync(offsets, callback);
            }
        };
        long start;
        synchronized (this) {
            start = committed.containsKey(PARTITION) ? committed.get(PARTITION).offset() : 0;
        }
        client.schedulePollTask(() -> {
            client.rebalance(List.of(PARTITION));
            client.updateBeginningOffsets(Map.of(PARTITION, 0L));
            client.seek(PARTITION, start);
            for (long offset = start; offset < start + failAfter; offset++) {
                client.addRecord(new ConsumerRecord<>(TOPIC, 0, offset, "acme:" + offset, "event " + offset));
            }
        });
        for (int i = 0; i < 15; i++) {
            client.schedulePollTask(() -> { }); // a few empty polls (about 1.5 s): the acks get committed
        }
        client.schedulePollTask(() -> client.setPollException(new KafkaException("broker gone for longer than the client waits")));
        return client;
    }

    private static Flow.Subscriber<Message<String>> sink(List<Message<String>> received, boolean ack) {
        return new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE / 2);
            }

            @Override
            public void onNext(Message<String> message) {
                received.add(message);
                if (ack) {
                    message.ack();
                }
            }

            @Override
            public void onError(Throwable failure) {
            }

            @Override
            public void onComplete() {
            }
        };
    }

    private static long offset(Message<String> message) {
        return Long.parseLong(message.getPayload().substring("event ".length()));
    }
}
