package dev.enclave.events.outbox;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import dev.enclave.events.EventChannels;
import dev.enclave.events.EventMetadata;
import dev.enclave.events.EventTracing;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tracing.TraceContexts;

/**
 * Hands outbox rows to Kafka through SmallRye, so that the outgoing guard stamps and signs every record. The
 * tenant is captured from the current context (the relay runs each tenant's pass under {@code runAs}).
 * Producer settings (acks=all, idempotence, timeouts) are in application.properties.
 */
@ApplicationScoped
class OutboxPublisher {

    private final Provider<TenantId> context;
    private final EventTracing tracing;

    @Inject
    @Channel(EventChannels.DOMAIN_EVENTS)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192)
    Emitter<String> emitter;

    OutboxPublisher(Provider<TenantId> context, EventTracing tracing) {
        this.context = context;
        this.tracing = tracing;
    }

    /** Completes when the broker acknowledged the record (acks=all), or exceptionally when it could not. */
    CompletableFuture<Void> publish(OutboxEntity event) {
        // The tenant travels as message metadata: SmallRye may run the outgoing guard on another thread.
        TenantId tenant = context.get(); // no tenant: NoTenantException
        // The record carries the send's own span, so consumers are its children (not siblings of it).
        Span span = tracing.publishing(event.id, event.eventType, event.traceparent, tenant);
        String traceparent = TraceContexts.traceparent(Context.root().with(span));
        CompletableFuture<Void> sent = new CompletableFuture<>();
        sent.whenComplete((ok, failure) -> EventTracing.ended(span, failure));
        Message<String> message = Message.of(event.payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(tenant.value() + ":" + event.aggregateId).build())
                .addMetadata(tenant)
                .addMetadata(new EventMetadata(event.id, event.eventType, event.occurredAt.toInstant(), traceparent))
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
