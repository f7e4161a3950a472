package dev.enclave.events.consume;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;


import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;

import dev.enclave.audit.AuditLog;
import dev.enclave.events.DomainEvent;
import dev.enclave.events.EventTracing;
import dev.enclave.events.EventsConfig;
import dev.enclave.placement.PlacementPools;
import dev.enclave.stats.TenantStats;
import dev.enclave.tenancy.kafka.EventAdmission;
import dev.enclave.tenancy.TenantScope;

/**
 * The incoming side of the tenancy rules, for every consumer of domain events: a consumer calls {@link #start} at
 * startup and gets verified tenants, its tenant's context, de-duplication by event id, dead-lettering with reason and
 * audit (unverified records in aggregate: {@link UnverifiedRecords}), fair turns between tenants, and a poll loop
 * that outlives any broker outage ({@link KafkaEventSource}):
 *
 * <pre>
 * void start(&#64;Observes StartupEvent event) {
 *     consumers.start(CONSUMER, this::apply);
 * }
 * </pre>
 *
 * Where each consumer reads is {@code enclave.events.channels.<name>.*}. A handler that throws
 * {@link EventRetryLater} holds its events, unacknowledged, for as long as its dependency is down.
 */
@ApplicationScoped
public class EventConsumers {

    final EventsConfig config;
    final EventAdmission admission;
    final TenantScope scope;
    final AuditLog audit;
    final ProcessedEvents processed;
    final ObjectMapper json;
    final MeterRegistry metrics;
    final EntityManager entityManager;
    final EventTracing tracing;
    final TenantStats stats;
    final DatabaseTrouble databaseTrouble;
    final UnverifiedRecords unverified;
    private final Map<String, Object> kafka;
    private final List<FairEventSubscriber> subscribers = new CopyOnWriteArrayList<>();
    private final List<KafkaEventSource> sources = new CopyOnWriteArrayList<>();
    private DeadLetters deadLetters;

    EventConsumers(EventsConfig config, EventAdmission admission, TenantScope scope,
            AuditLog audit, ProcessedEvents processed, ObjectMapper json, MeterRegistry metrics, EntityManager entityManager,
            EventTracing tracing, TenantStats stats, PlacementPools placements, UnverifiedRecords unverified,
            @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.config = config;
        this.admission = admission;
        this.scope = scope;
        this.audit = audit;
        this.processed = processed;
        this.json = json;
        this.metrics = metrics;
        this.entityManager = entityManager;
        this.tracing = tracing;
        this.stats = stats;
        this.databaseTrouble = new DatabaseTrouble(placements);
        this.unverified = unverified;
        this.kafka = kafka;
    }

    /** Starts reading for one consumer whose handlers do all the work. */
    public void start(String consumer, EventHandlers<?> handlers) {
        start(consumer, handlers, results -> {
        });
    }

    /**
     * Starts reading for one consumer: its handlers, one per event type, then {@code batch} with their results
     * (in order, nulls left out), in the same transaction: e.g. one counter update for a few events.
     */
    public <R> void start(String consumer, EventHandlers<R> handlers, Consumer<List<R>> batch) {
        start(consumer, events -> {
            List<R> results = new ArrayList<>(events.size());
            for (DomainEvent event : events) {
                R result = handlers.handle(event);
                if (result != null) {
                    results.add(result);
                }
            }
            batch.accept(results);
        });
    }

    /**
     * Starts reading for one consumer.
     *
     * @param consumer a short, stable name ({@code [a-z][a-z0-9-]+}): the key of its processed-event ids, of its
     *        channel configuration and the label of its metrics
     */
    public synchronized void start(String consumer, DomainEventHandler handler) {
        FairEventSubscriber subscriber = subscriber(consumer, handler);
        EventsConfig.Channel channel = config.channels().get(consumer);
        if (channel == null) {
            throw new IllegalStateException("no enclave.events.channels." + consumer + ".* configuration");
        }
        if (deadLetters == null) {
            deadLetters = new DeadLetters(kafka);
        }
        KafkaEventSource source = new KafkaEventSource(
                new KafkaEventSource.Channel(consumer, channel.topic(), channel.groupId(), channel.deadLetterTopic()),
                () -> KafkaClients.consumer(kafka, consumer, channel.groupId()), deadLetters, subscriber);
        subscribers.add(subscriber);
        sources.add(source);
        ConsumerMetrics.register(metrics, source);
        source.start();
    }

    /** A consumer's intake and workers, not yet reading (tests feed it by hand). */
    FairEventSubscriber subscriber(String consumer, DomainEventHandler handler) {
        if (!consumer.matches("[a-z][a-z0-9-]{1,62}")) {
            throw new IllegalArgumentException("consumer names are lower-case words with dashes");
        }
        return new FairEventSubscriber(consumer, handler, this);
    }

    /** The consumers started so far, for health and metrics. */
    public List<KafkaEventSource> sources() {
        return List.copyOf(sources);
    }

    void stop(@Observes ShutdownEvent event) {
        subscribers.forEach(FairEventSubscriber::stop); // workers finish their turn (acks) ...
        sources.forEach(KafkaEventSource::stop); // ... before the last commit
        if (deadLetters != null) {
            deadLetters.close();
        }
    }
}
