package dev.enclave.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.enclave.audit.AuditLog;
import dev.enclave.stats.TenantStats;
import dev.enclave.tenancy.TenantScope;
import dev.enclave.tenant.TenantDirectory;

/**
 * The incoming side of the tenancy rules, for every consumer of domain events: an {@code @Incoming} method returns
 * {@link #fair} and gets verified tenants, its tenant's context, de-duplication by event id, dead-lettering with
 * reason and audit, and fair turns between tenants:
 *
 * <pre>
 * &#64;Incoming(EventChannels.USAGE_METER)
 * Flow.Subscriber&lt;Message&lt;String&gt;&gt; consume() {
 *     return consumers.fair("usage-meter", meter::apply);
 * }
 * </pre>
 *
 * The channel needs {@code failure-strategy=dead-letter-queue} (application.properties). A consumer whose handler
 * throws {@link EventRetryLater} holds events unacknowledged for as long as its dependency is down, so its channel
 * also needs {@code throttled.unprocessed-record-max-age.ms=-1} (else the connector fails the channel after that age).
 */
@ApplicationScoped
public class EventConsumers {

    final EventsConfig config;
    final EventAdmission admission;
    final TenantScope scope;
    final TenantDirectory directory;
    final AuditLog audit;
    final ProcessedEvents processed;
    final ObjectMapper json;
    final MeterRegistry metrics;
    final EntityManager entityManager;
    final TenantStats stats;
    private final List<FairEventSubscriber> subscribers = new CopyOnWriteArrayList<>();

    EventConsumers(EventsConfig config, EventAdmission admission, TenantScope scope, TenantDirectory directory,
            AuditLog audit, ProcessedEvents processed, ObjectMapper json, MeterRegistry metrics, EntityManager entityManager,
            TenantStats stats) {
        this.config = config;
        this.admission = admission;
        this.scope = scope;
        this.directory = directory;
        this.audit = audit;
        this.processed = processed;
        this.json = json;
        this.metrics = metrics;
        this.entityManager = entityManager;
        this.stats = stats;
    }

    /**
     * @param consumer a short, stable name ({@code [a-z][a-z0-9-]+}): the key of its processed-event ids and the
     *        label of its metrics
     */
    public Flow.Subscriber<Message<String>> fair(String consumer, DomainEventHandler handler) {
        if (!consumer.matches("[a-z][a-z0-9-]{1,62}")) {
            throw new IllegalArgumentException("consumer names are lower-case words with dashes");
        }
        FairEventSubscriber subscriber = new FairEventSubscriber(consumer, handler, this);
        subscribers.add(subscriber);
        return subscriber;
    }

    void stop(@Observes ShutdownEvent event) {
        subscribers.forEach(FairEventSubscriber::stop);
    }
}
