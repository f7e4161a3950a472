package dev.enclave.events.consume;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import dev.enclave.events.EventRejection;

/**
 * One consumer's reading of the topic: a poll loop on its own thread that never gives up. A failing client (broker
 * away longer than any client timeout, a rebalance that could not commit, anything it throws) is closed and made
 * again after a growing pause, and reading resumes from the committed offsets; nothing waits for a restart of the
 * service. (SmallRye's incoming channel, used before, fails for good on such errors: see docs/architecture.md.)
 *
 * <p>Offsets: a record is done when the worker applied it (ack) or its dead letter is written (nack); the committed
 * offset never passes the oldest record that is not done, so a crash redelivers and the consumers' processed-event
 * ids keep every event applied once. Flow: records are handed over while the subscriber has demand; without demand
 * the partitions are paused (the consumer keeps its group membership by polling).
 */
public final class KafkaEventSource implements Flow.Subscription {

    private static final Logger LOG = Logger.getLogger(KafkaEventSource.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long COMMIT_EVERY_NANOS = Duration.ofSeconds(1).toNanos();
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    /** Where one consumer reads and where its refused records go. */
    public record Channel(String name, String topic, String groupId, String deadLetterTopic) {
    }

    private final Channel channel;
    private final Supplier<Consumer<String, String>> clients;
    private final DeadLetters deadLetters;
    private final Flow.Subscriber<Message<String>> sink;
    private final Map<TopicPartition, PartitionProgress> progress = new ConcurrentHashMap<>();
    private final AtomicLong demand = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private volatile boolean running;
    private volatile Consumer<String, String> client;
    private volatile long lastLoopNanos = System.nanoTime();
    private volatile boolean connected;
    private volatile long lag;
    private Thread thread;
    private long lastCommitNanos;

    KafkaEventSource(Channel channel, Supplier<Consumer<String, String>> clients, DeadLetters deadLetters,
            Flow.Subscriber<Message<String>> sink) {
        this.channel = channel;
        this.clients = clients;
        this.deadLetters = deadLetters;
        this.sink = sink;
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        sink.onSubscribe(this);
        thread = new Thread(this::run, "events-" + channel.name());
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        Consumer<String, String> current = client;
        if (current != null) {
            current.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void request(long n) {
        demand.addAndGet(n);
    }

    @Override
    public void cancel() {
        running = false;
    }

    public Channel channel() {
        return channel;
    }

    /** The loop runs and went round recently (a poll returns after 100 ms whether the broker is there or not). */
    boolean alive(Duration stall) {
        return thread != null && thread.isAlive() && System.nanoTime() - lastLoopNanos < stall.toNanos();
    }

    public boolean connected() {
        return connected;
    }

    /** Records on the broker not yet read by this consumer (its assigned partitions), as the client last knew. */
    public long lag() {
        return lag;
    }

    public long restarts() {
        return restarts.get();
    }

    private void run() {
        long backoff = 1_000;
        while (running) {
            try {
                try (Consumer<String, String> consumer = clients.get()) {
                    client = consumer;
                    try {
                        consumer.subscribe(List.of(channel.topic()), new Rebalance(consumer));
                        while (running) {
                            loop(consumer);
                            backoff = 1_000;
                        }
                    } catch (WakeupException e) {
                        if (running) {
                            throw e;
                        }
                    }
                    commit(consumer, true); // stopping: what the workers finished is not read again
                } finally {
                    client = null;
                }
            } catch (RuntimeException | LinkageError e) {
                backoff = failed(e, backoff);
            }
        }
        LOG.infof("consumer %s: stopped reading", channel.name());
    }

    private void loop(Consumer<String, String> consumer) {
        if (demand.get() <= 0) {
            consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            PartitionProgress partitionProgress = progress.computeIfAbsent(partition, p -> new PartitionProgress());
            partitionProgress.received(record.offset());
            demand.decrementAndGet();
            sink.onNext(message(record, partitionProgress));
        }
        long now = System.nanoTime();
        if (now - lastCommitNanos >= COMMIT_EVERY_NANOS) {
            lastCommitNanos = now;
            commit(consumer, false);
            observe(consumer);
        }
        lastLoopNanos = now;
    }

    /** A failed client: closed (by the try block), the partitions' progress forgotten, a pause, then a new client. */
    private long failed(Throwable e, long backoff) {
        restarts.incrementAndGet();
        connected = false;
        progress.clear(); // records still with the workers are redelivered by the new client and skipped as duplicates
        LOG.errorf(e, "consumer %s: the Kafka client failed; a new one reads on in %d ms", channel.name(), backoff);
        long until = System.nanoTime() + Duration.ofMillis(backoff).toNanos();
        while (running && System.nanoTime() < until) {
            lastLoopNanos = System.nanoTime(); // waiting on purpose is progress
            try {
                Thread.sleep(100);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
        return Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
    }

    private Message<String> message(ConsumerRecord<String, String> record, PartitionProgress partition) {
        long offset = record.offset();
        return Message.of(record.value(), Metadata.of(new IncomingKafkaRecordMetadata<>(record, channel.name())),
                () -> {
                    partition.done(offset);
                    return CompletableFuture.completedFuture(null);
                },
                reason -> {
                    String code = reason instanceof EventRejection rejection ? rejection.reason() : EventRejection.PROCESSING_FAILED;
                    deadLetters.send(channel.deadLetterTopic(), record, code, () -> partition.done(offset));
                    return CompletableFuture.completedFuture(null);
                });
    }

    private void commit(Consumer<String, String> consumer, boolean sync) {
        commit(consumer, consumer.assignment(), sync);
    }

    private void commit(Consumer<String, String> consumer, Collection<TopicPartition> partitions, boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            PartitionProgress p = progress.get(partition);
            long next = p == null ? -1 : p.committable();
            if (next >= 0) {
                offsets.put(partition, new OffsetAndMetadata(next));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            try {
                try {
                    consumer.commitSync(offsets, Duration.ofSeconds(5));
                } catch (WakeupException e) { // a stop's wake-up that no poll consumed: commit anyway
                    consumer.commitSync(offsets, Duration.ofSeconds(5));
                }
                committed(offsets);
            } catch (RuntimeException e) { // the next owner of the partition reads from the last committed offset
                LOG.warnf("consumer %s: could not commit %s: %s", channel.name(), offsets, e.toString());
            }
        } else {
            consumer.commitAsync(offsets, (done, failure) -> {
                if (failure == null) {
                    committed(done);
                } else {
                    LOG.debugf("consumer %s: commit failed, retried next round: %s", channel.name(), failure.toString());
                }
            });
        }
    }

    private void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> {
            PartitionProgress p = progress.get(partition);
            if (p != null) {
                p.committed(offset.offset());
            }
        });
    }

    private void observe(Consumer<String, String> consumer) {
        lag = KafkaClients.lag(consumer);
        connected = KafkaClients.connected(consumer);
    }

    /** Commits what is done before partitions go to another consumer; forgets them when they are gone. */
    private final class Rebalance implements ConsumerRebalanceListener {
        private final Consumer<String, String> consumer;

        Rebalance(Consumer<String, String> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit(consumer, partitions, true);
            partitions.forEach(progress::remove);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(progress::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // progress starts with the first record read from each partition
        }
    }
}
