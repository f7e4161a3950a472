package dev.enclave.events;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import dev.enclave.tenancy.TenantContext;

/**
 * Hands outbox rows to Kafka through SmallRye, so that the outgoing guard stamps and signs every record. The
 * tenant is captured from the current context (the relay runs each tenant's pass under {@code runAs}).
 * Producer settings (acks=all, idempotence, timeouts) are in application.properties.
 */
@ApplicationScoped
class OutboxPublisher {

    private final TenantContext context;

    @Inject
    @Channel(EventChannels.DOMAIN_EVENTS)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192)
    Emitter<String> emitter;

    OutboxPublisher(TenantContext context) {
        this.context = context;
    }

    /** Completes when the broker acknowledged the record (acks=all), or exceptionally when it could not. */
    CompletableFuture<Void> publish(OutboxEntity event) {
        TenantMetadata tenant = TenantMetadata.current(context);
        CompletableFuture<Void> sent = new CompletableFuture<>();
        Message<String> message = Message.of(event.payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(tenant.tenant().value() + ":" + event.aggregateId).build())
                .addMetadata(tenant)
                .addMetadata(new EventMetadata(event.id, event.eventType, event.occurredAt.toInstant(), event.traceparent))
                .withAck(() -> {
                    sent.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    sent.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException e) { // e.g. the emitter's buffer is full: this row waits for the next pass
            sent.completeExceptionally(e);
        }
        return sent;
    }
}
