package dev.enclave.search;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

import dev.enclave.events.DomainEvent;
import dev.enclave.events.consume.EventConsumers;
import dev.enclave.events.EventRetryLater;

/**
 * Feeds domain events to the {@link SearchIndexer} through the events layer ({@link EventConsumers#start}), like every
 * other consumer: only signed records of a registered, active tenant reach it, in that tenant's context, in order;
 * refused and poison records (malformed events, writes the node rejects) go to the dead-letter topic and the audit log.
 *
 * <p>Search down is "retry later": the events layer offers the same events again with growing waits and never acks
 * past them, so a restart reads them again (harmless: writes are versioned).
 */
@ApplicationScoped
class SearchIndexerConsumer {

    static final String CONSUMER = "search-indexer";
    private static final Logger LOG = Logger.getLogger(SearchIndexerConsumer.class);

    private final EventConsumers consumers;
    private final SearchIndexer indexer;

    SearchIndexerConsumer(EventConsumers consumers, SearchIndexer indexer) {
        this.consumers = consumers;
        this.indexer = indexer;
    }

    void start(@Observes StartupEvent event) {
        consumers.start(CONSUMER, this::apply);
    }

    void apply(List<DomainEvent> events) {
        for (DomainEvent event : events) {
            try {
                SearchIndexer.Outcome outcome = indexer.apply(event);
                LOG.debugf("search indexer: %s %s v%d -> %s", event.type(), event.aggregateId(), event.aggregateVersion(), outcome);
            } catch (SearchUnavailableException e) {
                throw new EventRetryLater("search node unavailable: " + e.getMessage(), e);
            }
        }
    }
}
