package dev.enclave.events.consume;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import dev.enclave.events.EventChannels;

/**
 * Writes refused records to a dead-letter topic with the reason (header {@code dead-letter-reason}) and where they
 * came from. A record counts as done only once the broker has it: while the broker is away the write is retried
 * (with a pause), so its offset is never committed past an unwritten dead letter.
 */
final class DeadLetters implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final Producer<String, String> producer;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "dead-letter-retries");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean open = true;

    DeadLetters(Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "enclave-dead-letters");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Sends the record to {@code topic}; {@code done} runs once the broker acknowledged it. */
    void send(String topic, ConsumerRecord<String, String> record, String reason, Runnable done) {
        ProducerRecord<String, String> letter = new ProducerRecord<>(topic, null, record.key(), record.value(),
                new RecordHeaders(record.headers().toArray()));
        letter.headers().remove(EventChannels.DEAD_LETTER_REASON);
        letter.headers().add(EventChannels.DEAD_LETTER_REASON, bytes(reason));
        letter.headers().add("dead-letter-topic", bytes(record.topic()));
        letter.headers().add("dead-letter-partition", bytes(Integer.toString(record.partition())));
        letter.headers().add("dead-letter-offset", bytes(Long.toString(record.offset())));
        attempt(letter, done);
    }

    private void attempt(ProducerRecord<String, String> letter, Runnable done) {
        if (!open) {
            return; // not done: the offset stays uncommitted, the record comes back after the restart
        }
        try {
            producer.send(letter, (metadata, failure) -> {
                if (failure == null) {
                    done.run();
                } else {
                    retryLater(letter, done, failure);
                }
            });
        } catch (RuntimeException e) { // e.g. metadata not available within max.block.ms: the broker is away
            retryLater(letter, done, e);
        }
    }

    private void retryLater(ProducerRecord<String, String> letter, Runnable done, Exception failure) {
        if (open) {
            LOG.warnf("dead letter to %s not written yet, retrying in 1 s: %s", letter.topic(), failure.toString());
            retries.schedule(() -> attempt(letter, done), 1, TimeUnit.SECONDS);
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        open = false;
        retries.shutdownNow();
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
