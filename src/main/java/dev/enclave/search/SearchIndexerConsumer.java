package dev.enclave.search;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

import dev.enclave.search.DomainEventEnvelope.MalformedEventException;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantScope;
import dev.enclave.tenant.TenantDirectory;
import dev.enclave.tenant.TenantStatus;

/**
 * Feeds domain events ({@code enclave.domain-events}) to the {@link SearchIndexer}, one at a time in order.
 *
 * <p>Search down: the event is retried in place with growing waits; it is acked only once indexed, so the
 * consumer never commits past it and a restart reads it again (harmless: writes are versioned). Events a retry
 * cannot fix (malformed, refused by the node, no valid tenant) are nacked to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class SearchIndexerConsumer {

    public static final String CHANNEL = "search-indexer";
    static final String TENANT_HEADER = "tenant-id";
    private static final Logger LOG = Logger.getLogger(SearchIndexerConsumer.class);

    private final SearchIndexer indexer;
    private final TenantScope scope;
    private final TenantDirectory directory;
    private final SearchConfig config;
    private final ObjectMapper json;
    private volatile boolean stopping;

    SearchIndexerConsumer(SearchIndexer indexer, TenantScope scope, TenantDirectory directory, SearchConfig config,
            ObjectMapper json) {
        this.indexer = indexer;
        this.scope = scope;
        this.directory = directory;
        this.config = config;
        this.json = json;
    }

    void stopping(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Incoming(CHANNEL)
    @Blocking
    @ActivateRequestContext // the registry lookup needs one; runAs opens the tenant's own context for the work
    public CompletionStage<Void> consume(Message<String> message) {
        Optional<TenantId> tenant = tenantOf(message);
        if (tenant.isEmpty()) {
            return message.nack(new RefusedEventException("no valid tenant in the tenant-id header"));
        }
        DomainEventEnvelope event;
        try {
            event = DomainEventEnvelope.parse(json, message.getPayload());
        } catch (MalformedEventException e) {
            LOG.warnf("search indexer: malformed event dead-lettered: %s", e.getMessage());
            return message.nack(e);
        }
        Duration wait = config.retryInitialBackoff();
        while (!stopping) {
            try {
                SearchIndexer.Outcome outcome = scope.runAs(tenant.get(), () -> indexer.apply(event));
                LOG.debugf("search indexer: %s %s v%d -> %s", event.type(), event.aggregateId(), event.aggregateVersion(), outcome);
                return message.ack();
            } catch (SearchUnavailableException e) {
                LOG.warnf("search indexer: search node unavailable (%s), retrying event %s in %d ms", e.getMessage(),
                        event.eventId(), wait.toMillis());
                if (!sleep(wait)) {
                    break;
                }
                wait = wait.multipliedBy(2).compareTo(config.retryMaxBackoff()) > 0 ? config.retryMaxBackoff() : wait.multipliedBy(2);
            } catch (MalformedEventException | SearchRejectedException e) {
                LOG.warnf("search indexer: event %s dead-lettered: %s", event.eventId(), e.getMessage());
                return message.nack(e);
            }
        }
        // Shutting down while search is down: neither ack nor nack, so the offset is not committed and the event
        // is read again after the restart.
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The tenant of the message, from its {@code tenant-id} header, if it is well formed, registered and not
     * suspended or deleted, and agrees with the record key ({@code <tenant>:<aggregateId>}).
     * Replaced by the incoming tenant interceptor of the events work (which also audits the refusal).
     */
    private Optional<TenantId> tenantOf(Message<String> message) {
        Optional<IncomingKafkaRecordMetadata> metadata = message.getMetadata(IncomingKafkaRecordMetadata.class);
        if (metadata.isEmpty()) {
            return Optional.empty();
        }
        Header header = ((IncomingKafkaRecordMetadata<?, ?>) metadata.get()).getHeaders().lastHeader(TENANT_HEADER);
        Optional<TenantId> tenant = header == null || header.value() == null ? Optional.empty()
                : TenantId.parse(new String(header.value(), StandardCharsets.UTF_8));
        Object key = ((IncomingKafkaRecordMetadata<?, ?>) metadata.get()).getKey();
        Optional<TenantId> valid = tenant
                .filter(t -> key == null || key.toString().startsWith(t.value() + ":"))
                .filter(t -> directory.find(t).map(view -> view.status() != TenantStatus.SUSPENDED
                        && view.status() != TenantStatus.DELETED).orElse(false));
        if (valid.isEmpty()) {
            LOG.warnf("search indexer: event refused, tenant header %s", tenant.isPresent() ? "names no usable tenant" : "missing or malformed");
        }
        return valid;
    }

    private static boolean sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** An event without a usable tenant: never processed. */
    static class RefusedEventException extends RuntimeException {
        RefusedEventException(String message) {
            super(message, null, false, false);
        }
    }
}
